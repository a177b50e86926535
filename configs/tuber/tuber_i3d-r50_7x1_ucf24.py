# TubeR on UCF101-24 (Table 6.1, 6.4): I3D-R50 without temporal striding
# (conv1/pool1 temporal stride 1, no pool2), so a 7-frame clip gives dense
# tubelets (T_out = T_in = 7); 3 encoder + 3 decoder layers (Sec. 6.4.1),
# 15 tubelet queries, tubelet attention, short-term context, action switch;
# softmax classification with a no-action class; video-mAP of the linked
# tubelets (TubeletVideoMAP, ACT protocol).
_base_ = [
    'mmaction::_base_/default_runtime.py', './_base_/models/tuber_d256.py'
]
custom_imports = dict(imports=['mmcontinuity'], allow_failed_imports=False)

# Kinetics-400 I3D-R50 (ImageNet-inflated) of mmaction2; the recognizer's
# `backbone.` keys match TubeR's, its 400-class head is skipped
pretrained = ('https://download.openmmlab.com/mmaction/v1.0/recognition/i3d/'
              'i3d_imagenet-pretrained-r50_8xb8-32x2x1-100e_kinetics400-rgb/'
              'i3d_imagenet-pretrained-r50_8xb8-32x2x1-100e_kinetics400-rgb_'
              '20220812-e213c223.pth')

num_classes = 24
clip_len = 7
model = dict(
    init_cfg=dict(type='Pretrained', checkpoint=pretrained),
    backbone=dict(
        type='ResNet3d',
        depth=50,
        pretrained=None,
        pretrained2d=False,
        conv1_kernel=(5, 7, 7),
        conv1_stride_t=1,
        pool1_stride_t=1,
        conv_cfg=dict(type='Conv3d'),
        inflate=((1, 1, 1), (1, 0, 1, 0), (1, 0, 1, 0, 1, 0), (0, 1, 0)),
        with_pool2=False,
        norm_eval=True,
        zero_init_residual=False),
    in_channels=2048,
    num_frames=clip_len,
    encoder=dict(num_layers=3),
    decoder=dict(num_layers=3),
    cls_head=dict(num_classes=num_classes),
    test_cfg=dict(output='tubelets', switch_thr=0.5))

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
# tubelets merged by TubeRTTAModel (tta_model of the base model config)
tta_pipeline = test_pipeline[:-1] + [
    dict(
        type='TestTimeAug',
        transforms=[[
            dict(type='TubeletFlip', flip_ratio=0.),
            dict(type='TubeletFlip', flip_ratio=1.)
        ], [test_pipeline[-1]]])
]

train_dataloader = dict(
    batch_size=4,
    num_workers=8,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type=dataset_type,
        ann_file=ann_file,
        data_prefix=data_prefix,
        filename_tmpl=filename_tmpl,
        bbox_check='clip',
        mode='clip',
        clip_len=clip_len,
        clip_stride=clip_len,
        pipeline=train_pipeline))
# test clips tile every video (the last one ends on the last frame)
val_dataloader = dict(
    batch_size=4,
    num_workers=8,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type=dataset_type,
        ann_file=ann_file,
        data_prefix=data_prefix,
        filename_tmpl=filename_tmpl,
        bbox_check='clip',
        mode='clip',
        clip_len=clip_len,
        pipeline=test_pipeline,
        test_mode=True))
test_dataloader = val_dataloader

val_evaluator = dict(
    type='TubeletVideoMAP',
    ann_file=ann_file,
    split=0,
    linking='tuber',
    iou_thrs=(0.2, 0.5, 0.75, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9,
              0.95))
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
        monitor='tubelet/v-mAP@0.5',
        rule='greater',
        factor=0.1,
        patience=2,
        by_epoch=True),
]

default_hooks = dict(
    checkpoint=dict(
        interval=1,
        max_keep_ckpts=3,
        save_best='tubelet/v-mAP@0.5',
        rule='greater'))
# 8 GPUs x 4 clips
auto_scale_lr = dict(enable=False, base_batch_size=32)
