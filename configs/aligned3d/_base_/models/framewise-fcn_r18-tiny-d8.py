# Per-frame video object segmentation (`FrameSegmentor`): an FCN on a narrow
# dilated ResNet-18 (mmseg) segments every frame of a clip independently
# into background and object, the reference the aligned 3D convolutions add
# time to.
_base_ = ['../../../_base_/models/resnet18-tiny-d8.py']

custom_imports = dict(imports=['mmcontinuity'], allow_failed_imports=False)
model = dict(
    type='FrameSegmentor',
    data_preprocessor=dict(
        type='ActionDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        format_shape='NCTHW'),
    segmentor=dict(
        _scope_='mmseg',
        type='EncoderDecoder',
        backbone=_base_.resnet18_tiny_d8,
        decode_head=dict(
            type='FCNHead',
            in_channels=128,
            in_index=0,
            channels=32,
            num_convs=1,
            num_classes=2,
            norm_cfg=_base_.norm_cfg,
            # the object covers about 0.6 % of the pixels: weight it up
            loss_decode=dict(
                type='CrossEntropyLoss',
                class_weight=[1.0, 10.0],
                loss_weight=1.0)),
        train_cfg=dict(),
        test_cfg=dict(mode='whole')))
