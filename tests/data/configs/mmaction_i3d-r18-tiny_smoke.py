# Smoke config for the mmaction scope: an I3D-style 3D ResNet-18 recognizer
# on the tiny raw-frame dataset of tools/misc/make_smoke_data.py.
_base_ = ['mmaction::_base_/default_runtime.py']
custom_imports = dict(imports=['mmcontinuity'], allow_failed_imports=False)

data_root = 'data/smoke/recognition/'
model = dict(
    type='Recognizer3D',
    backbone=dict(
        type='ResNet3d',
        depth=18,
        pretrained=None,
        pretrained2d=False,
        base_channels=16,
        conv1_kernel=(3, 7, 7),
        inflate=(1, 1, 1, 1),
        norm_eval=False),
    cls_head=dict(
        type='I3DHead',
        num_classes=3,
        in_channels=128,
        spatial_type='avg',
        dropout_ratio=0.0,
        average_clips='prob'),
    data_preprocessor=dict(
        type='ActionDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        format_shape='NCTHW'))

train_pipeline = [
    dict(type='SampleFrames', clip_len=4, frame_interval=1, num_clips=1),
    dict(type='RawFrameDecode'),
    dict(type='Flip', flip_ratio=0.5),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs'),
]
test_pipeline = [
    dict(
        type='SampleFrames',
        clip_len=4,
        frame_interval=1,
        num_clips=1,
        test_mode=True),
    dict(type='RawFrameDecode'),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs'),
]


def _dataset(split, pipeline):
    return dict(
        type='CheckedRawframeDataset',
        ann_file=data_root + f'{split}_list.txt',
        data_prefix=dict(img=data_root + 'rawframes'),
        pipeline=pipeline,
        test_mode=split != 'train')


train_dataloader = dict(
    batch_size=2,
    num_workers=0,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=_dataset('train', train_pipeline))
val_dataloader = dict(
    train_dataloader,
    batch_size=1,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=_dataset('val', test_pipeline))
test_dataloader = val_dataloader
val_evaluator = dict(type='AccMetric')
test_evaluator = val_evaluator

optim_wrapper = dict(optimizer=dict(type='SGD', lr=0.01, momentum=0.9))
train_cfg = dict(type='IterBasedTrainLoop', max_iters=2, val_interval=2)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
default_hooks = dict(
    logger=dict(interval=1),
    checkpoint=dict(type='CheckpointHook', by_epoch=False, interval=1))
log_processor = dict(by_epoch=False)
