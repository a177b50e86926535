# TubeR with an irCSN-50 backbone on AVA v2.1, 32-frame clips sampled every
# 2nd frame (Sec. 6.4.1, Table 6.2): 6 encoder + 6 decoder layers, d = 256,
# 15 tubelet queries, tubelet attention, short-term context head, action
# switch. CSN keeps its temporal stride 8: 32 input frames give T_out = 4
# output boxes per tubelet (sparse tubelets); the key-frame box is
# interpolated between them (test_cfg.output='keyframe').
_base_ = [
    'mmaction::_base_/default_runtime.py', './_base_/models/tuber_d256.py'
]
custom_imports = dict(imports=['mmcontinuity'], allow_failed_imports=False)

# Kinetics-400 fine-tuned irCSN-50 (IG-65M pre-trained) of mmaction2; the
# recognizer checkpoint is loaded into TubeR, whose `backbone.` keys match
# (the recognizer's 400-class `cls_head.fc_cls` is skipped with a warning).
pretrained = ('https://download.openmmlab.com/mmaction/v1.0/recognition/csn/'
              'ircsn_ig65m-pretrained-r50-bnfrozen_8xb12-32x2x1-58e_'
              'kinetics400-rgb/ircsn_ig65m-pretrained-r50-bnfrozen_8xb12-'
              '32x2x1-58e_kinetics400-rgb_20220811-44395bae.pth')

# mmaction2's AVADataset gives multi-hot labels (K, 81) of the 80 action ids
# 1..80, column 0 unused (the background of its RoI heads): the classifier
# has the same 81 columns, so that mmaction2's AVAMetric reads class i from
# column i
num_classes = 81
clip_len = 32
frame_interval = 2
model = dict(
    init_cfg=dict(type='Pretrained', checkpoint=pretrained),
    backbone=dict(
        type='ResNet3dCSN',
        depth=50,
        pretrained=None,
        pretrained2d=False,
        bottleneck_mode='ir',
        with_pool2=False,
        norm_eval=True,
        bn_frozen=True,
        zero_init_residual=False),
    in_channels=2048,
    num_frames=4,
    encoder=dict(num_layers=6),
    decoder=dict(num_layers=6),
    cls_head=dict(num_classes=num_classes, multi_label=True),
    test_cfg=dict(output='keyframe', inclusive_boxes=False))

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
meta_keys = ('video_id', 'timestamp', 'img_key', 'img_shape',
             'original_shape', 'scale_factor', 'flip', 'key_frame_index')
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
        type='ColorJitter', brightness=0.4, contrast=0.4, saturation=0.4,
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
    dict(type='AVATubeletBoxes'),
    dict(type='RawFrameDecode'),
    dict(type='Resize', scale=(-1, 256)),
    dict(type='PackTubeletInputs', meta_keys=meta_keys),
]

# 2-view test (--tta of tools/test.py): the clip and its horizontal flip,
# tubelets merged by TubeRTTAModel (tta_model of the base model config)
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
        type=dataset_type,
        ann_file=ann_file_val,
        exclude_file=exclude_file_val,
        label_file=label_file,
        data_prefix=dict(img=data_root),
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

train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=20, val_interval=1)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')

# Sec. 6.4.1: AdamW, lr 1e-4 (transformer) and 1e-5 (backbone), weight decay
# 1e-4, lr divided by 10 when the validation result saturates
optim_wrapper = dict(
    optimizer=dict(type='AdamW', lr=1e-4, weight_decay=1e-4),
    paramwise_cfg=dict(custom_keys={'backbone': dict(lr_mult=0.1)}),
    clip_grad=dict(max_norm=0.1, norm_type=2))
param_scheduler = [
    dict(type='LinearLR', start_factor=0.1, by_epoch=False, begin=0,
         end=500),
    dict(
        type='ReduceOnPlateauLR',
        monitor='mAP/overall',
        rule='greater',
        factor=0.1,
        patience=2,
        by_epoch=True),
]

default_hooks = dict(
    checkpoint=dict(interval=1, max_keep_ckpts=3, save_best='mAP/overall',
                    rule='greater'))
# 8 GPUs x 2 clips
auto_scale_lr = dict(enable=False, base_batch_size=16)
