# Max-pooling baseline of the LiftPool robustness experiments (Chapter 3,
# Table 3.5, Figure 3.4) on the `classification` split of the built-in
# benchmark (32x32 digits on photographs, 10 classes, 1000 train / 200 test):
# a narrow ResNet-18 whose stem keeps its 3x3 stride-2 max pooling. This
# config trains it and tests clean top-1 accuracy; the `-corruption`,
# `-perturbation` and `-shift` configs inherit it and test the same
# checkpoint under the robustness protocols.
_base_ = [
    '../_base_/models/resnet18-tiny-maxpool.py',
    '../_base_/datasets/continuity-bench-cls.py',
    '../_base_/schedules/sgd_100e.py'
]

# the corruptions, perturbation noise and random shifts of the test configs
# draw from numpy's global generator: seeding makes their numbers repeatable
randomness = dict(seed=0)
