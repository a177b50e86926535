# UCF101 split 1 as RGB frames (mmaction2's RawframeDataset) with the list
# files of tools/data/build_recognition_lists.py ucf101 ... --rawframes
# (data/ucf101/ucf101_{train,val}_split_1_rawframes.txt). Training (Sec.
# 5.4.1): a random 16-frame clip, short side 128, the multi-scale crop of
# TSN to 112x112, horizontal flip. Test: short side 128, centre crop
# 112x112, the 16-frame clips of the video (10 evenly spaced clips, the
# scores averaged; the thesis takes every 16 frames).
dataset_type = 'CheckedRawframeDataset'
data_root = 'data/ucf101/'
split = 1
num_classes = 101
clip_len = 16
frame_rate = 1
train_pipeline = [
    dict(type='LengthRateSample', length=clip_len, rate=frame_rate),
    dict(type='RawFrameDecode'),
    dict(type='Resize', scale=(-1, 128)),
    dict(
        type='MultiScaleCrop',
        input_size=112,
        scales=(1, 0.875, 0.75, 0.66),
        random_crop=False,
        max_wh_scale_gap=1),
    dict(type='Resize', scale=(112, 112), keep_ratio=False),
    dict(type='Flip', flip_ratio=0.5),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs'),
]
test_pipeline = [
    dict(
        type='SampleFrames',
        clip_len=clip_len,
        frame_interval=frame_rate,
        num_clips=10,
        test_mode=True),
    dict(type='RawFrameDecode'),
    dict(type='Resize', scale=(-1, 128)),
    dict(type='CenterCrop', crop_size=112),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs'),
]
train_dataloader, val_dataloader = (
    dict(
        batch_size=batch_size,
        num_workers=8,
        persistent_workers=True,
        sampler=dict(type='DefaultSampler', shuffle=subset == 'train'),
        dataset=dict(
            type=dataset_type,
            ann_file=f'{data_root}ucf101_{subset}_split_{split}_'
            'rawframes.txt',
            data_prefix=dict(img=data_root + 'rawframes'),
            pipeline=pipeline,
            test_mode=subset != 'train'))
    for subset, batch_size, pipeline in (('train', 16, train_pipeline),
                                         ('val', 1, test_pipeline)))
test_dataloader = val_dataloader
val_evaluator = dict(type='AccMetric')
test_evaluator = val_evaluator
