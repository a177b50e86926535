# ResNet-18 (mmpretrain's, ImageNet) whose stem max-pooling is a
# LiftDownPool2d (K = 5, sum of the four sub-bands; Table 3.4), the
# regularisers of Eq. 3.8 in the training loss.
custom_imports = dict(imports=['mmcontinuity'], allow_failed_imports=False)
model = dict(
    type='LiftPoolImageClassifier',
    lambda_u=0.01,
    lambda_p=0.1,
    backbone=dict(
        type='LiftPoolResNet',
        depth=18,
        out_indices=(3, ),
        pool_cfg=dict(type='LiftDownPool2d', kernel_size=5, groups=2)),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(
        type='LinearClsHead',
        num_classes=1000,
        in_channels=512,
        loss=dict(type='CrossEntropyLoss', loss_weight=1.0),
        topk=(1, 5)))
