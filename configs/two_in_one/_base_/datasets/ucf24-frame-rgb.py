# UCF101-24 (ACT's UCF101v2-GT.pkl, RGB frames) as single frames for the
# SSD300 detectors: training frames with an actor, every frame of the test
# videos; frame detections linked online into tubes (TubeletVideoMAP,
# linking='frame'), video-mAP at 0.2 / 0.5 / 0.75 and 0.5:0.95 (the
# thesis' ablation measure) and frame-mAP at 0.5. Training augmentation:
# scale jitter, crop and flip (geometry), colour jitter (photometric, RGB
# only), then the 300x300 input of SSD300.
num_classes = 24
dataset_type = 'ACTTubeletDataset'
data_root = 'data/ucf24/'
ann_file = data_root + 'UCF101v2-GT.pkl'
data_prefix = dict(img=data_root + 'rgb-images')
filename_tmpl = '{:05d}.jpg'
split = 1  # 1-based

train_pipeline = [
    dict(type='LoadFrames'),
    dict(type='TubeletRandomRescale', scale_range=(256, 320)),
    dict(type='TubeletRandomCrop', size=240),
    dict(type='TubeletFlip', flip_ratio=0.5),
    dict(type='TubeletResize', scale=(300, 300), keep_ratio=False),
    dict(
        type='ColorJitter', brightness=0.4, contrast=0.4, saturation=0.4,
        hue=0),
    dict(type='PackTubeletInputs'),
]
test_pipeline = [
    dict(type='LoadFrames'),
    dict(type='TubeletResize', scale=(300, 300), keep_ratio=False),
    dict(type='PackTubeletInputs'),
]

dataset = dict(
    type=dataset_type,
    ann_file=ann_file,
    data_prefix=data_prefix,
    filename_tmpl=filename_tmpl,
    split=split,
    bbox_check='clip',
    mode='frame')
train_dataloader = dict(
    batch_size=4,
    num_workers=8,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(dataset, pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=16,
    num_workers=8,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(dataset, pipeline=test_pipeline, test_mode=True))
test_dataloader = val_dataloader
del dataset

val_evaluator = dict(
    type='TubeletVideoMAP',
    ann_file=ann_file,
    split=split,
    linking='frame',
    iou_thrs=(0.2, 0.5, 0.75, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9,
              0.95))
test_evaluator = val_evaluator
# 8 GPUs x 4 frames
auto_scale_lr = dict(enable=False, base_batch_size=32)
