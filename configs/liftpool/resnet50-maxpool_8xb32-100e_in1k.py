# Table 3.4 baseline: ResNet-50 on ImageNet whose stem pooling is
# MaxPool: mmpretrain's ResNet-50; everything else as the LiftDownPool config.
_base_ = ['./resnet50-liftdownpool_8xb32-100e_in1k.py']

model = dict(
    backbone=dict(
        pool_cfg=dict(
            _delete_=True,
            type='MaxPool2d',
            kernel_size=3,
            stride=2,
            padding=1)))
