# The benchmark's `recognition` split (one actor per video, the six motion
# classes of the `tubelets` split, the label is the video's, also on the
# actor's idle frames) as frames + exact flow (make_continuity_bench.py
# --splits recognition --scale 4: 480 train / 144 val videos; 120 are
# memorised within a few hundred iterations of batch 8), read by mmaction2's
# RawframeDataset. The flow frames sit next to the RGB frames (flow_dir =
# frame_dir) and become channels 4-5 of the clip (StackFlow) before the
# geometric transforms. No flip: the classes are motion directions.
data_root = 'data/continuity_bench/recognition/'
clip_len = 8
num_classes = 6
load_flow = dict(
    type='KeyMapper',
    transforms=[dict(type='LoadFlowFrames')],
    mapping=dict(flow_dir='frame_dir'),
    auto_remap=False)
train_pipeline = [
    dict(type='SampleFrames', clip_len=clip_len, frame_interval=1,
         num_clips=1),
    dict(type='RawFrameDecode'),
    dict(type='ColorJitter', brightness=0.3, contrast=0.3, saturation=0.3,
         hue=0),
    load_flow,
    dict(type='StackFlow'),
    dict(type='RandomRescale', scale_range=(112, 136)),
    dict(type='RandomCrop', size=112),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs'),
]
test_pipeline = [
    dict(type='SampleFrames', clip_len=clip_len, frame_interval=1,
         num_clips=1, test_mode=True),
    dict(type='RawFrameDecode'),
    load_flow,
    dict(type='StackFlow'),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs'),
]
train_dataloader, val_dataloader = (
    dict(
        batch_size=8,
        num_workers=1,
        persistent_workers=True,
        sampler=dict(type=sampler, shuffle=subset == 'train'),
        dataset=dict(
            type='CheckedRawframeDataset',
            ann_file=data_root + f'recognition_{subset}_list_rawframes.txt',
            data_prefix=dict(img=data_root + 'rawframes'),
            pipeline=pipeline,
            test_mode=subset != 'train'))
    for subset, sampler, pipeline in (
        ('train', 'InfiniteSampler', train_pipeline),
        ('val', 'DefaultSampler', test_pipeline)))
test_dataloader = val_dataloader
val_evaluator = dict(type='AccMetric')
test_evaluator = val_evaluator
