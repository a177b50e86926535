# Baseline of the CPU benchmark: the narrow VGG13-BN with AveragePool 2x2
# in place of its five LiftDownPool layers; everything else as the
# LiftDownPool config.
_base_ = ['./vgg13-tiny-liftdownpool_1xb32-12e_continuity-bench-cls.py']

model = dict(
    backbone=dict(
        pool_cfg=dict(
            _delete_=True, type='AvgPool2d', kernel_size=2, stride=2)))
