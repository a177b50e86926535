# Table 3.4 baseline: MobileNetV2 on ImageNet down-sampling with
# BlurPool (Zhang 2019) behind the stride-1 depthwise convolutions;
# everything else as the LiftDownPool config.
_base_ = ['./mobilenet-v2-liftdownpool_8xb32-150e_in1k.py']

model = dict(
    backbone=dict(
        pool_cfg=dict(
            _delete_=True,
            type='MaxBlurPool2d',
            max_kernel_size=2,
            filter_size=3)))
