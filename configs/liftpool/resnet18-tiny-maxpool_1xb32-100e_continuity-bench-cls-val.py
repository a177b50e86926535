# The narrow ResNet-18 with its stem max-pooling (3x3, stride 2) on the
# schedule and validation set of the LiftDownPool config it is compared
# with.
_base_ = [
    './resnet18-tiny-liftdownpool_1xb32-100e_continuity-bench-cls-val.py'
]

model = dict(
    backbone=dict(
        pool_cfg=dict(
            _delete_=True,
            type='MaxPool2d',
            kernel_size=3,
            stride=2,
            padding=1)))
