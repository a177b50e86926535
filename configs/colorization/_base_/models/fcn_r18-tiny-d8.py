# The segmentation model that judges colorizations (Table 2.3, "semantic
# accuracy"): mmseg's FCN on the narrow dilated ResNet-18 of the colorizer,
# 11 classes (background and the ten digits), inputs resized to 128x128.
_base_ = ['../../../_base_/models/resnet18-tiny-d8.py']

custom_imports = dict(imports=['mmcontinuity'], allow_failed_imports=False)
model = dict(
    type='EncoderDecoder',
    data_preprocessor=dict(
        type='SegDataPreProcessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        bgr_to_rgb=True,
        pad_val=0,
        seg_pad_val=255,
        size=(128, 128)),
    backbone=_base_.resnet18_tiny_d8,
    decode_head=dict(
        type='FCNHead',
        in_channels=128,
        in_index=0,
        channels=64,
        num_convs=2,
        num_classes=11,
        norm_cfg=_base_.norm_cfg,
        loss_decode=dict(type='CrossEntropyLoss', loss_weight=1.0)),
    train_cfg=dict(),
    test_cfg=dict(mode='whole'))
