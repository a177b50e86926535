# LiftDownPool on the CPU benchmark with the narrow ResNet-18 of the
# max-pooling baseline: its stem pooling is LiftDownPool2d; the baseline's
# 100 epochs (SGD lr 0.1, cosine; 12 epochs at lr 0.01 left it at chance)
# on the 1000 training digits, top-1 accuracy on the 2000 `val` digits.
_base_ = [
    './_base_/models/resnet18-tiny-liftdownpool.py',
    './_base_/datasets/continuity-bench-cls-val.py',
    './_base_/schedules/sgd_100e.py'
]

randomness = dict(seed=0)
