# A narrow VGG13-BN (widths 16, 32, 64, 128, 128) for the benchmark's 32x32
# digits: five LiftDownPool2d layers (K = 5, the four sub-bands summed),
# global average pooling, a linear classifier (10 classes), the
# regularisers of Eq. 3.8 in the training loss.
custom_imports = dict(imports=['mmcontinuity'], allow_failed_imports=False)
model = dict(
    type='LiftPoolImageClassifier',
    lambda_u=0.01,
    lambda_p=0.1,
    backbone=dict(
        type='LiftPoolVGG',
        depth=13,
        base_channels=16,
        pool_cfg=dict(type='LiftDownPool2d', kernel_size=5)),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(
        type='LinearClsHead',
        num_classes=10,
        in_channels=128,
        loss=dict(type='CrossEntropyLoss'),
        topk=(1, )))
data_preprocessor = dict(
    num_classes=10,
    mean=[123.675, 116.28, 103.53],
    std=[58.395, 57.12, 57.375],
    to_rgb=True)
