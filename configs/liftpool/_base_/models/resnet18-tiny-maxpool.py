# The max-pooling baseline of the LiftPool experiments (Chapter 3): a narrow
# ResNet-18 (16 stem and base channels) whose stem keeps its 3x3 stride-2
# max pooling, global average pooling, a linear classifier (10 classes).
custom_imports = dict(imports=['mmcontinuity'], allow_failed_imports=False)
model = dict(
    type='ImageClassifier',
    backbone=dict(
        type='ResNet',
        depth=18,
        stem_channels=16,
        base_channels=16,
        out_indices=(3, )),
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
