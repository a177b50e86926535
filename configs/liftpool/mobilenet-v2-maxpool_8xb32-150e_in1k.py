# Table 3.4 baseline: MobileNetV2 on ImageNet down-sampling with
# MaxPool 2x2 behind the stride-1 depthwise convolutions;
# everything else as the LiftDownPool config.
_base_ = ['./mobilenet-v2-liftdownpool_8xb32-150e_in1k.py']

model = dict(
    backbone=dict(
        pool_cfg=dict(
            _delete_=True, type='MaxPool2d', kernel_size=2, stride=2)))
