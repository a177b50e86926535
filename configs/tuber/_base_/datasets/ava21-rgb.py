# AVA v2.1 (mmaction2's raw frames and csv annotations): 32-frame clips
# sampled every 2nd frame around each key frame; mmaction2's AVAMetric on
# the key-frame boxes. Other samplings override the first transform of the
# pipelines (SampleAVAFrames).
# mmaction2's AVADataset gives multi-hot labels (K, 81) of the 80 action ids
# 1..80, column 0 unused (the background of its RoI heads): the classifier
# has the same 81 columns, so that AVAMetric reads class i from column i
num_classes = 81
clip_len = 32
frame_interval = 2
dataset_type = 'AVATubeletDataset'
data_root = 'data/ava/rawframes'
anno_root = 'data/ava/annotations'
ann_file_train = f'{anno_root}/ava_train_v2.1.csv'
ann_file_val = f'{anno_root}/ava_val_v2.1.csv'
exclude_file_train = f'{anno_root}/ava_train_excluded_timestamps_v2.1.csv'
exclude_file_val = f'{anno_root}/ava_val_excluded_timestamps_v2.1.csv'
label_file = f'{anno_root}/ava_action_list_v2.1_for_activitynet_2018.pbtxt'

# original_shape: the decoded frame size (mmaction2's RawFrameDecode), from
# which the key-frame boxes are normalised for AVAMetric
meta_keys = ('video_id', 'timestamp', 'img_key', 'img_shape', 'original_shape',
             'scale_factor', 'flip', 'key_frame_index')
train_pipeline = [
    dict(
        type='SampleAVAFrames',
        clip_len=clip_len,
        frame_interval=frame_interval),
    dict(type='AVATubeletBoxes'),
    dict(type='RawFrameDecode'),
    dict(type='TubeletRandomRescale', scale_range=(288, 320)),
    dict(type='Flip', flip_ratio=0.5),
    dict(
        type='ColorJitter',
        brightness=0.4,
        contrast=0.4,
        saturation=0.4,
        hue=0),
    dict(type='PackTubeletInputs', meta_keys=meta_keys),
]
# one centre view at short side 256 (the whole frame: no crop)
val_pipeline = [
    dict(
        type='SampleAVAFrames',
        clip_len=clip_len,
        frame_interval=frame_interval,
        test_mode=True),
    *train_pipeline[1:3],
    dict(type='Resize', scale=(-1, 256)),
    train_pipeline[-1],
]
# 2-view test (--tta of tools/test.py): the clip and its horizontal flip,
# whose tubelets TubeRTTAModel merges
tta_model = dict(type='TubeRTTAModel', iou_thr=0.5)
tta_pipeline = val_pipeline[:-1] + [
    dict(
        type='TestTimeAug',
        transforms=[[
            dict(type='Flip', flip_ratio=0.),
            dict(type='Flip', flip_ratio=1.)
        ], [val_pipeline[-1]]])
]

train_dataloader = dict(
    batch_size=2,
    num_workers=8,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type=dataset_type,
        ann_file=ann_file_train,
        exclude_file=exclude_file_train,
        label_file=label_file,
        data_prefix=dict(img=data_root),
        pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=1,
    num_workers=8,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        train_dataloader['dataset'],
        ann_file=ann_file_val,
        exclude_file=exclude_file_val,
        pipeline=val_pipeline,
        test_mode=True))
test_dataloader = val_dataloader

val_evaluator = dict(
    type='AVAMetric',
    ann_file=ann_file_val,
    label_file=label_file,
    exclude_file=exclude_file_val,
    num_classes=num_classes)
test_evaluator = val_evaluator
# 8 GPUs x 2 clips
auto_scale_lr = dict(enable=False, base_batch_size=16)
