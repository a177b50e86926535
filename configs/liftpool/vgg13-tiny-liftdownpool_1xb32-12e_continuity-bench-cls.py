# LiftDownPool vs the other poolings on the CPU benchmark (Table 3.3 in
# small): the narrow VGG13-BN with five LiftDownPool layers, 12 epochs on
# the 1000 training digits, top-1 accuracy on the 2000 `val` digits.
_base_ = [
    './_base_/models/vgg13-tiny-liftdownpool.py',
    './_base_/datasets/continuity-bench-cls-val.py',
    './_base_/schedules/sgd-step_12e.py'
]

# the robustness protocols' corruptions and shifts draw from numpy's global
# generator: seeding makes their numbers repeatable
randomness = dict(seed=0)
