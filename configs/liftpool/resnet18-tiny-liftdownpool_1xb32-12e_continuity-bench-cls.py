# LiftDownPool on the CPU benchmark with the narrow ResNet-18 of the
# max-pooling baseline: its stem pooling is LiftDownPool2d; 12 epochs on
# the 1000 training digits, top-1 accuracy on the 2000 `val` digits.
_base_ = [
    './_base_/models/resnet18-tiny-liftdownpool.py',
    './_base_/datasets/continuity-bench-cls-val.py',
    './_base_/schedules/sgd-step_12e.py'
]

randomness = dict(seed=0)
