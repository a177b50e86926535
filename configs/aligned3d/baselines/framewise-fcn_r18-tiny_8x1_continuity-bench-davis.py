# Per-frame video object segmentation baseline for DAVIS-2016 J&F (Chapter
# 5, Table 5.8) on the `davis` split of the built-in benchmark (one digit
# actor per sequence, its mask; 24 train / 8 val sequences of 48 frames,
# 160x96): an FCN on a narrow dilated ResNet-18 (mmseg) segments every
# frame of an 8-frame clip independently (`FrameSegmentor`), the reference
# the aligned 3D convolutions add time to. `DAVISMetric` reports J and F
# (mean, recall, decay, percent) over the val sequences.
_base_ = ['mmaction::_base_/default_runtime.py']
custom_imports = dict(imports=['mmcontinuity'], allow_failed_imports=False)

data_root = 'data/continuity_bench/davis/'
norm_cfg = dict(type='BN', requires_grad=True)
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
        backbone=dict(
            type='ResNetV1c',
            depth=18,
            stem_channels=16,
            base_channels=16,
            out_indices=(3, ),
            strides=(1, 2, 1, 1),
            dilations=(1, 1, 2, 4),
            norm_cfg=norm_cfg),
        decode_head=dict(
            type='FCNHead',
            in_channels=128,
            in_index=0,
            channels=32,
            num_convs=1,
            num_classes=2,
            norm_cfg=norm_cfg,
            # the object covers about 0.6 % of the pixels: weight it up
            loss_decode=dict(
                type='CrossEntropyLoss',
                class_weight=[1.0, 10.0],
                loss_weight=1.0)),
        train_cfg=dict(),
        test_cfg=dict(mode='whole')))

train_pipeline = [
    dict(type='LoadFrames'),
    dict(type='LoadMasks'),
    dict(type='TubeletFlip', flip_ratio=0.5),
    dict(type='PackTubeletInputs'),
]
test_pipeline = [
    dict(type='LoadFrames'),
    dict(type='LoadMasks'),
    dict(type='PackTubeletInputs'),
]
data_prefix = dict(img='JPEGImages/480p', ann='Annotations/480p')
train_dataloader = dict(
    batch_size=2,
    num_workers=0,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(
        type='DAVIS2016Dataset',
        data_root=data_root,
        ann_file='ImageSets/480p/train.txt',
        data_prefix=data_prefix,
        clip_len=8,
        clip_stride=4,
        pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=2,
    num_workers=0,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type='DAVIS2016Dataset',
        data_root=data_root,
        ann_file='ImageSets/480p/val.txt',
        data_prefix=data_prefix,
        clip_len=8,
        test_mode=True,
        pipeline=test_pipeline))
test_dataloader = val_dataloader
val_evaluator = dict(type='DAVISMetric')
test_evaluator = val_evaluator

optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=0.01, momentum=0.9, weight_decay=5e-4))
param_scheduler = dict(
    type='PolyLR', power=0.9, eta_min=1e-4, by_epoch=False, end=600)
train_cfg = dict(type='IterBasedTrainLoop', max_iters=600, val_interval=300)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
default_hooks = dict(
    logger=dict(interval=20),
    checkpoint=dict(
        type='CheckpointHook',
        by_epoch=False,
        interval=300,
        max_keep_ckpts=1,
        save_best='davis/J&F_mean',
        rule='greater'))
log_processor = dict(by_epoch=False)
