# SegNet with a VGG13-BN encoder whose five down-poolings are LiftDownPool2d
# keeping LL, and a mirrored decoder whose up-poolings are the paired
# LiftUpPool2d fed with the recorded LH, HL, HH (Table 3.6); a 1x1
# per-pixel classifier; the regularisers of Eq. 3.8 in the training loss.
custom_imports = dict(imports=['mmcontinuity'], allow_failed_imports=False)
norm_cfg = dict(type='BN', requires_grad=True)
data_preprocessor = dict(
    type='SegDataPreProcessor',
    mean=[123.675, 116.28, 103.53],
    std=[58.395, 57.12, 57.375],
    bgr_to_rgb=True,
    pad_val=0,
    seg_pad_val=255)
model = dict(
    type='LiftPoolEncoderDecoder',
    lambda_u=0.01,
    lambda_p=0.1,
    data_preprocessor=data_preprocessor,
    backbone=dict(
        type='SegNet',
        depth=13,
        base_channels=64,
        sampling_cfg=dict(type='LiftSampling', kernel_size=5),
        norm_cfg=norm_cfg),
    decode_head=dict(
        type='FCNHead',
        in_channels=64,
        channels=64,
        num_convs=0,
        concat_input=False,
        dropout_ratio=0.1,
        num_classes=21,
        norm_cfg=norm_cfg,
        align_corners=False,
        loss_decode=dict(
            type='CrossEntropyLoss', use_sigmoid=False, loss_weight=1.0)),
    train_cfg=dict(),
    test_cfg=dict(mode='whole'))
