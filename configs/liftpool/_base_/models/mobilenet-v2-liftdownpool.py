# MobileNetV2 (mmpretrain's, ImageNet) whose four stride-2 depthwise
# convolutions run at stride 1 followed by a LiftDownPool2d (K = 5, 8 groups
# in P and U; Table 3.4), the regularisers of Eq. 3.8 in the training loss.
custom_imports = dict(imports=['mmcontinuity'], allow_failed_imports=False)
model = dict(
    type='LiftPoolImageClassifier',
    lambda_u=0.01,
    lambda_p=0.1,
    backbone=dict(
        type='LiftPoolMobileNetV2',
        widen_factor=1.0,
        pool_cfg=dict(type='LiftDownPool2d', kernel_size=5, groups=8)),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(
        type='LinearClsHead',
        num_classes=1000,
        in_channels=1280,
        loss=dict(type='CrossEntropyLoss', loss_weight=1.0),
        topk=(1, 5)))
