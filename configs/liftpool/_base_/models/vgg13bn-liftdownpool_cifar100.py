# VGG13-BN for 32x32 images (Tables 3.1-3.3): its five max-poolings replaced
# by LiftDownPool2d (K = 5, the sum of LL, LH, HL, HH), global average
# pooling, a linear classifier; the training loss adds the LiftPool
# regularisers lambda_u c_u + lambda_p c_p (Eq. 3.8).
custom_imports = dict(imports=['mmcontinuity'], allow_failed_imports=False)
model = dict(
    type='LiftPoolImageClassifier',
    lambda_u=0.01,
    lambda_p=0.1,
    backbone=dict(
        type='LiftPoolVGG',
        depth=13,
        base_channels=64,
        pool_cfg=dict(type='LiftDownPool2d', kernel_size=5, groups=2)),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(
        type='LinearClsHead',
        num_classes=100,
        in_channels=512,
        loss=dict(type='CrossEntropyLoss'),
        topk=(1, 5)))
