# UCF101 split 1 as TSN segments (3 per video; 25 at test time, the TSN
# protocol, centre crop), each RGB frame with its flow as a 5-channel frame
# (StackFlow after the colour-free decoding; the geometric augmentation
# moves both). Frames and flow from mmaction2's rawframe extraction
# (tools/data/ucf101 of mmaction2, or tools/data/extract_flow.py):
# data/ucf101/rawframes/<class>/<video>/{img,flow_x,flow_y}_%05d.jpg and
# ucf101_{train,val}_split_1_rawframes.txt. No flip: a flipped flow frame
# needs its x component negated, which the stacked channels do not get.
data_root = 'data/ucf101/'
num_segments = 3
load_flow = dict(
    type='KeyMapper',
    transforms=[dict(type='LoadFlowFrames')],
    mapping=dict(flow_dir='frame_dir'),
    auto_remap=False)
train_pipeline = [
    dict(type='SampleFrames', clip_len=1, frame_interval=1,
         num_clips=num_segments),
    dict(type='RawFrameDecode'),
    load_flow,
    dict(type='StackFlow'),
    dict(type='Resize', scale=(-1, 256)),
    dict(type='MultiScaleCrop', input_size=224,
         scales=(1, 0.875, 0.75, 0.66), random_crop=False,
         max_wh_scale_gap=1),
    dict(type='Resize', scale=(224, 224), keep_ratio=False),
    dict(type='FormatShape', input_format='NCHW'),
    dict(type='PackActionInputs'),
]
val_pipeline = [
    dict(type='SampleFrames', clip_len=1, frame_interval=1,
         num_clips=num_segments, test_mode=True),
    dict(type='RawFrameDecode'),
    load_flow,
    dict(type='StackFlow'),
    dict(type='Resize', scale=(-1, 256)),
    dict(type='CenterCrop', crop_size=224),
    dict(type='FormatShape', input_format='NCHW'),
    dict(type='PackActionInputs'),
]
test_pipeline = [
    dict(step, num_clips=25) if step['type'] == 'SampleFrames' else step
    for step in val_pipeline
]
train_dataloader, val_dataloader, test_dataloader = (
    dict(
        batch_size=32 if subset == 'train' else 1,
        num_workers=8,
        persistent_workers=True,
        sampler=dict(type='DefaultSampler', shuffle=subset == 'train'),
        dataset=dict(
            type='CheckedRawframeDataset',
            ann_file=data_root +
            f'ucf101_{"train" if subset == "train" else "val"}'
            '_split_1_rawframes.txt',
            data_prefix=dict(img=data_root + 'rawframes'),
            pipeline=pipeline,
            test_mode=subset != 'train'))
    for subset, pipeline in (('train', train_pipeline),
                             ('val', val_pipeline), ('test', test_pipeline)))
val_evaluator = dict(type='AccMetric')
test_evaluator = val_evaluator
