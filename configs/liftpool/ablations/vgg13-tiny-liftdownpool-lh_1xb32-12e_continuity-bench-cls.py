# Table 3.1 (flexibility) on the CPU benchmark: the tiny VGG13-BN's five
# LiftDownPool layers keep only the LH sub-band as the pooled map.
_base_ = ['../vgg13-tiny-liftdownpool_1xb32-12e_continuity-bench-cls.py']

model = dict(backbone=dict(pool_cfg=dict(sub_bands=('LH', ))))
