# The `tubelets` split of the built-in benchmark
# (tools/data/make_continuity_bench.py --splits tubelets; ACT format, 6
# motion classes): 8-frame clips, training clips every 4 frames at 112x112,
# test clips that tile every video. No horizontal flip: the benchmark's
# classes are directions of motion, and a flip turns move_left into
# move_right.
num_classes = 6
clip_len = 8
dataset_type = 'ACTTubeletDataset'
data_root = 'data/continuity_bench/tubelets/'
ann_file = data_root + 'ContinuityBench-GT.pkl'
data_prefix = dict(img=data_root + 'rawframes')

train_pipeline = [
    dict(type='LoadFrames'),
    dict(type='TubeletRandomRescale', scale_range=(112, 136)),
    dict(type='TubeletRandomCrop', size=112),
    dict(
        type='ColorJitter', brightness=0.3, contrast=0.3, saturation=0.3,
        hue=0),
    dict(type='PackTubeletInputs'),
]
test_pipeline = [
    dict(type='LoadFrames'),
    dict(type='PackTubeletInputs'),
]

dataset = dict(
    type=dataset_type,
    ann_file=ann_file,
    data_prefix=data_prefix,
    clip_len=clip_len)
train_dataloader = dict(
    batch_size=2,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(dataset, clip_stride=4, pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=4,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        dataset, clip_stride=clip_len, pipeline=test_pipeline,
        test_mode=True))
test_dataloader = val_dataloader
del dataset

val_evaluator = dict(
    type='TubeletVideoMAP',
    ann_file=ann_file,
    linking='tuber',
    iou_thrs=(0.2, 0.5, 0.75, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9,
              0.95))
test_evaluator = val_evaluator
auto_scale_lr = dict(enable=False, base_batch_size=2)
