# The benchmark's `recognition` split (make_continuity_bench.py --splits
# recognition: 120 train / 36 val videos, one actor, six motion classes) as
# TSN segments: 3 frames per video (one per third) at 32 x 32 pixels (a
# quarter of the rendered size: the machine's CPUs are shared by 8
# trainings), each RGB + its exact flow as a 5-channel frame (StackFlow,
# after the colour jitter, so the photometric augmentation touches RGB only
# and the geometric one moves both). No flip: the classes are motion
# directions.
data_root = 'data/continuity_bench/recognition/'
num_segments = 3
load_flow = dict(
    type='KeyMapper',
    transforms=[dict(type='LoadFlowFrames')],
    mapping=dict(flow_dir='frame_dir'),
    auto_remap=False)
colour = dict(
    type='ColorJitter', brightness=0.3, contrast=0.3, saturation=0.3, hue=0)
train_pipeline = [
    dict(type='SampleFrames', clip_len=1, frame_interval=1,
         num_clips=num_segments),
    dict(type='RawFrameDecode'),
    colour,
    load_flow,
    dict(type='StackFlow'),
    dict(type='RandomRescale', scale_range=(32, 39)),
    dict(type='RandomCrop', size=32),
    dict(type='FormatShape', input_format='NCHW'),
    dict(type='PackActionInputs'),
]
test_pipeline = [
    dict(type='SampleFrames', clip_len=1, frame_interval=1,
         num_clips=num_segments, test_mode=True),
    dict(type='RawFrameDecode'),
    load_flow,
    dict(type='StackFlow'),
    dict(type='Resize', scale=(32, 32), keep_ratio=False),
    dict(type='FormatShape', input_format='NCHW'),
    dict(type='PackActionInputs'),
]
train_dataloader, val_dataloader = (
    dict(
        batch_size=8,
        num_workers=1,
        persistent_workers=True,
        sampler=dict(type='DefaultSampler', shuffle=subset == 'train'),
        dataset=dict(
            type='CheckedRawframeDataset',
            ann_file=data_root + f'recognition_{subset}_list_rawframes.txt',
            data_prefix=dict(img=data_root + 'rawframes'),
            pipeline=pipeline,
            test_mode=subset != 'train'))
    for subset, pipeline in (('train', train_pipeline),
                             ('val', test_pipeline)))
test_dataloader = val_dataloader
val_evaluator = dict(type='AccMetric')
test_evaluator = val_evaluator
