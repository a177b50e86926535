# The `davis` split of the built-in benchmark in DAVIS-2016 layout (one
# digit actor per sequence, its mask; 24 train / 8 val sequences of 48
# frames, 160x96), 8-frame clips (training clips every 4 frames); DAVIS J
# and F (mean, recall, decay, percent) over the val sequences.
data_root = 'data/continuity_bench/davis/'
data_prefix = dict(img='JPEGImages/480p', ann='Annotations/480p')
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
dataset = dict(
    type='DAVIS2016Dataset',
    data_root=data_root,
    data_prefix=data_prefix,
    clip_len=8)
train_dataloader = dict(
    batch_size=2,
    num_workers=0,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(
        dataset,
        ann_file='ImageSets/480p/train.txt',
        clip_stride=4,
        pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=2,
    num_workers=0,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        dataset,
        ann_file='ImageSets/480p/val.txt',
        test_mode=True,
        pipeline=test_pipeline))
test_dataloader = val_dataloader
del dataset
val_evaluator = dict(type='DAVISMetric')
test_evaluator = val_evaluator
