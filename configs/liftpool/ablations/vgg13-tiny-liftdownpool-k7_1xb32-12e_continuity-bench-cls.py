# Table 3.2 (kernel size) on the CPU benchmark: P and U of the tiny
# VGG13-BN's five LiftDownPool layers with K = 7 (default 5).
_base_ = ['../vgg13-tiny-liftdownpool_1xb32-12e_continuity-bench-cls.py']

model = dict(backbone=dict(pool_cfg=dict(kernel_size=7)))
