# The benchmark's `recognition_fast` split (one actor per video, the six
# motion classes at 6-10 px/frame, 16-20 frame videos with the action on
# about half of the frames; make_continuity_bench.py --splits
# recognition_fast --scale 4: 480 train / 144 val videos) as RGB frames for
# mmaction2's RawframeDataset. Training: a random 16-frame clip
# (LengthRateSample 16x1), the thesis' multi-scale crop of the 112x112
# frames, resized to 64x64 for the CPU; no flip (the classes are motion
# directions). Test: the whole frame and the centred 16-frame clip, i.e. all
# 16-frame clips of these short videos (their scores averaged); top-1/5.
data_root = 'data/continuity_bench/recognition_fast/'
clip_len = 16
frame_rate = 1
input_size = 64
train_pipeline = [
    dict(type='LengthRateSample', length=clip_len, rate=frame_rate),
    dict(type='RawFrameDecode'),
    dict(
        type='MultiScaleCrop',
        input_size=112,
        scales=(1, 0.875, 0.75, 0.66),
        random_crop=False,
        max_wh_scale_gap=1),
    dict(type='Resize', scale=(input_size, input_size), keep_ratio=False),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs'),
]
test_pipeline = [
    dict(
        type='LengthRateSample',
        length=clip_len,
        rate=frame_rate,
        test_mode=True),
    dict(type='RawFrameDecode'),
    dict(type='Resize', scale=(input_size, input_size), keep_ratio=False),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs'),
]
train_dataloader, val_dataloader = (
    dict(
        batch_size=8,
        num_workers=0,
        sampler=dict(type=sampler, shuffle=subset == 'train'),
        dataset=dict(
            type='CheckedRawframeDataset',
            ann_file=data_root + f'recognition_fast_{subset}_list_'
            'rawframes.txt',
            data_prefix=dict(img=data_root + 'rawframes'),
            pipeline=pipeline,
            test_mode=subset != 'train'))
    for subset, sampler, pipeline in (
        ('train', 'InfiniteSampler', train_pipeline),
        ('val', 'DefaultSampler', test_pipeline)))
test_dataloader = val_dataloader
val_evaluator = dict(type='AccMetric')
test_evaluator = val_evaluator
