# Table 3.4 baseline: ResNet-18 on ImageNet whose stem pooling is BlurPool
# (Zhang 2019: dense 2x2 max, binomial blur, stride 2); everything else as the
# LiftDownPool config.
_base_ = ['./resnet18-liftdownpool_8xb32-100e_in1k.py']

model = dict(
    backbone=dict(
        pool_cfg=dict(
            _delete_=True,
            type='MaxBlurPool2d',
            max_kernel_size=2,
            filter_size=3)))
