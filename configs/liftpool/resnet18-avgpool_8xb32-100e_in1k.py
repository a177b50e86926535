# Table 3.4 baseline: ResNet-18 on ImageNet whose stem pooling is
# AveragePool (3x3, stride 2); everything else as the LiftDownPool config.
_base_ = ['./resnet18-liftdownpool_8xb32-100e_in1k.py']

model = dict(
    backbone=dict(
        pool_cfg=dict(
            _delete_=True,
            type='AvgPool2d',
            kernel_size=3,
            stride=2,
            padding=1)))
