# The `tubelets` split of the built-in benchmark
# (tools/data/make_continuity_bench.py --splits tubelets; ACT format, 6
# motion classes, 112x112) as single frames: training frames with an actor,
# every frame of the test videos; frame detections linked online into tubes
# (TubeletVideoMAP, linking='frame'). Training augmentation: scale jitter
# and crop (geometry) and colour jitter (photometric, RGB only). No flip:
# the classes are directions of motion.
num_classes = 6
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
    mode='frame')
train_dataloader = dict(
    batch_size=8,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(dataset, pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=8,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(dataset, pipeline=test_pipeline, test_mode=True))
test_dataloader = val_dataloader
del dataset

val_evaluator = dict(
    type='TubeletVideoMAP',
    ann_file=ann_file,
    linking='frame',
    iou_thrs=(0.2, 0.5, 0.75, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9,
              0.95))
test_evaluator = val_evaluator
auto_scale_lr = dict(enable=False, base_batch_size=8)
