# UCF101-24 (ACT's UCF101v2-GT.pkl, RGB frames) in 7-frame clips: training
# clips every 7 frames, test clips that tile every video (the last one ends
# on the last frame); video-mAP of the linked tubelets (TubeletVideoMAP, ACT
# protocol). Other clip lengths override `clip_len` of the dataloaders.
num_classes = 24
clip_len = 7
dataset_type = 'ACTTubeletDataset'
data_root = 'data/ucf24/'
ann_file = data_root + 'UCF101v2-GT.pkl'
data_prefix = dict(img=data_root + 'rgb-images')
filename_tmpl = '{:05d}.jpg'

train_pipeline = [
    dict(type='LoadFrames'),
    dict(type='TubeletRandomRescale', scale_range=(288, 320)),
    dict(type='TubeletFlip', flip_ratio=0.5),
    dict(
        type='ColorJitter', brightness=0.4, contrast=0.4, saturation=0.4,
        hue=0),
    dict(type='PackTubeletInputs'),
]
# one view, short side 256
test_pipeline = [
    dict(type='LoadFrames'),
    dict(type='TubeletResize', scale=(-1, 256)),
    dict(type='PackTubeletInputs'),
]
# 2-view test (--tta of tools/test.py): the clip and its horizontal flip,
# whose tubelets TubeRTTAModel merges
tta_model = dict(type='TubeRTTAModel', iou_thr=0.5)
tta_pipeline = test_pipeline[:-1] + [
    dict(
        type='TestTimeAug',
        transforms=[[
            dict(type='TubeletFlip', flip_ratio=0.),
            dict(type='TubeletFlip', flip_ratio=1.)
        ], [test_pipeline[-1]]])
]

dataset = dict(
    type=dataset_type,
    ann_file=ann_file,
    data_prefix=data_prefix,
    filename_tmpl=filename_tmpl,
    bbox_check='clip',
    mode='clip',
    clip_len=clip_len)
train_dataloader = dict(
    batch_size=4,
    num_workers=8,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(dataset, clip_stride=clip_len, pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=4,
    num_workers=8,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(dataset, pipeline=test_pipeline, test_mode=True))
test_dataloader = val_dataloader
del dataset

val_evaluator = dict(
    type='TubeletVideoMAP',
    ann_file=ann_file,
    split=1,  # 1-based: UCF101-24 has one split
    linking='tuber',
    iou_thrs=(0.2, 0.5, 0.75, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9,
              0.95))
test_evaluator = val_evaluator
# 8 GPUs x 4 clips
auto_scale_lr = dict(enable=False, base_batch_size=32)
