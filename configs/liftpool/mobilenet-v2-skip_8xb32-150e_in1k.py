# Table 3.4 baseline: MobileNetV2 on ImageNet down-sampling with
# Skip: the stride-2 depthwise convolutions (MobileNetV2 itself);
# everything else as the LiftDownPool config.
_base_ = ['./mobilenet-v2-liftdownpool_8xb32-150e_in1k.py']

model = dict(backbone=dict(pool_cfg=dict(_delete_=True, type='Subsample2d')))
