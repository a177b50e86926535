# Automatic colorization baseline of Chapter 2 (Table 2.3): Zhang et al.'s
# classification over quantised ab colours (ECCV 2016; 225 in-gamut bins of
# 10 units, soft-encoded targets, annealed-mean decoding at T = 0.38, no
# class rebalancing) with an FCN on a narrow dilated ResNet-18, on the
# `colorization` split of the built-in benchmark (128x128 images of 1-3
# digits whose hue depends on the digit class, 300 train / 60 val).
# Gray L input 128x128, ab output 32x32 as in the thesis. `ColorizationMetric`
# reports ab PSNR (dB) and RMSE of the colorizations.
_base_ = ['mmseg::_base_/default_runtime.py']
custom_imports = dict(imports=['mmcontinuity'], allow_failed_imports=False)

data_root = 'data/continuity_bench/colorization/'
norm_cfg = dict(type='BN', requires_grad=True)
model = dict(
    type='ABClassificationColorizer',
    data_preprocessor=dict(
        type='ImgDataPreprocessor', mean=[50.0], std=[50.0]),
    backbone=dict(
        type='ResNetV1c',
        in_channels=1,
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
        channels=64,
        num_convs=2,
        num_classes=225,
        norm_cfg=norm_cfg))

metainfo = dict(classes=('background', 'digit_0', 'digit_1', 'digit_2',
                         'digit_3', 'digit_4', 'digit_5', 'digit_6',
                         'digit_7', 'digit_8', 'digit_9'))
pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(
        type='ColorizationTargets',
        input_size=(128, 128),
        target_size=(32, 32),
        seg_size=(32, 32)),
    dict(type='PackColorizationInputs'),
]


def _dataset(split):
    return dict(
        type='BaseSegDataset',
        metainfo=metainfo,
        data_root=data_root,
        data_prefix=dict(
            img_path='JPEGImages', seg_map_path='SegmentationClass'),
        ann_file=f'ImageSets/Segmentation/{split}.txt',
        img_suffix='.jpg',
        seg_map_suffix='.png',
        reduce_zero_label=False,
        pipeline=pipeline)


train_dataloader = dict(
    batch_size=8,
    num_workers=0,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=_dataset('train'))
val_dataloader = dict(
    batch_size=10,
    num_workers=0,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=_dataset('val'))
test_dataloader = val_dataloader
val_evaluator = dict(type='ColorizationMetric', data_range=255)
test_evaluator = val_evaluator

optim_wrapper = dict(
    type='OptimWrapper', optimizer=dict(type='Adam', lr=1e-3))
param_scheduler = dict(
    type='PolyLR', power=0.9, eta_min=1e-5, by_epoch=False, end=600)
train_cfg = dict(type='IterBasedTrainLoop', max_iters=600, val_interval=300)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
default_hooks = dict(
    timer=dict(type='IterTimerHook'),
    logger=dict(type='LoggerHook', interval=20, log_metric_by_epoch=False),
    param_scheduler=dict(type='ParamSchedulerHook'),
    checkpoint=dict(
        type='CheckpointHook', by_epoch=False, interval=300,
        max_keep_ckpts=1),
    sampler_seed=dict(type='DistSamplerSeedHook'))
log_processor = dict(by_epoch=False)
