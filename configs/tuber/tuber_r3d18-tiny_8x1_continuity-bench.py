# TubeR, tiny: trains on a CPU in minutes on the built-in continuity
# benchmark (tools/data/make_continuity_bench.py --splits tubelets).
# A narrow 3-stage 3D ResNet-18 (no temporal stride: dense tubelets,
# T_out = T_in = 8), 2 + 2 transformer layers, d = 64, 5 tubelet queries,
# tubelet attention, short-term context head, action switch, the thesis'
# loss weights. Training from scratch on a CPU: no dropout, AdamW at 1e-3
# (10x the thesis' lr, which assumes a Kinetics-pretrained backbone),
# batch 2, 3 epochs of the 400 training videos (~5,000 iterations), and the
# convergence aids of two-stage DETRs (off in the thesis configs, see
# TubeR's docstring and configs/tuber/README.md): tubelet proposals from the
# encoder tokens of highest actorness as per-frame anchors, refined by each
# decoder layer, queries that start from the memory at their token, and
# dense switch / class losses on the proposals' tokens; without them the
# set prediction does not start within this budget. No horizontal flip:
# the benchmark's classes are directions of motion, and a flip turns
# move_left into move_right.
_base_ = ['mmaction::_base_/default_runtime.py']
custom_imports = dict(imports=['mmcontinuity'], allow_failed_imports=False)

num_classes = 6
clip_len = 8
embed_dims = 64
model = dict(
    type='TubeR',
    backbone=dict(
        type='ResNet3d',
        depth=18,
        pretrained=None,
        pretrained2d=False,
        base_channels=16,
        num_stages=3,
        out_indices=(2, ),
        spatial_strides=(1, 2, 2),
        temporal_strides=(1, 1, 1),
        dilations=(1, 1, 1),
        conv1_kernel=(3, 7, 7),
        inflate=(1, 1, 1),
        with_pool2=False,
        norm_eval=False),
    in_channels=64,
    num_frames=clip_len,
    num_queries=5,
    embed_dims=embed_dims,
    query_mode='tubelet',
    anchors='proposals',
    anchor_size=0.2,
    box_refine=True,
    memory_queries=True,
    dense_heads=True,
    dense_weight=0.2,
    positional_encoding=dict(
        type='SinePositionalEncoding3D', num_feats=(16, 24, 24)),
    encoder=dict(
        type='TubeREncoder',
        num_layers=2,
        layer_cfg=dict(
            embed_dims=embed_dims,
            num_heads=4,
            feedforward_channels=128,
            dropout=0.0)),
    decoder=dict(
        type='TubeRDecoder',
        num_layers=2,
        layer_cfg=dict(
            attn_mode='tubelet',
            embed_dims=embed_dims,
            num_heads=4,
            feedforward_channels=128,
            dropout=0.0)),
    bbox_head=dict(type='TubeletBoxHead', num_fcs=2),
    cls_head=dict(
        type='TubeletClsHead',
        num_classes=num_classes,
        context='short',
        num_heads=4,
        feedforward_channels=128,
        dropout=0.0),
    criterion=dict(type='TubeletCriterion'),
    data_preprocessor=dict(
        type='TubeletDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        pad_size_divisor=16),
    test_cfg=dict(output='tubelets', switch_thr=0.5))

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

train_dataloader = dict(
    batch_size=2,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type=dataset_type,
        ann_file=ann_file,
        data_prefix=data_prefix,
        clip_len=clip_len,
        clip_stride=4,
        pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=4,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type=dataset_type,
        ann_file=ann_file,
        data_prefix=data_prefix,
        clip_len=clip_len,
        clip_stride=clip_len,
        pipeline=test_pipeline,
        test_mode=True))
test_dataloader = val_dataloader

val_evaluator = dict(
    type='TubeletVideoMAP',
    ann_file=ann_file,
    linking='tuber',
    iou_thrs=(0.2, 0.5, 0.75, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9,
              0.95))
test_evaluator = val_evaluator

train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=3, val_interval=3)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')

# AdamW and gradient clipping as in the thesis (Sec. 6.4.1)
optim_wrapper = dict(
    optimizer=dict(type='AdamW', lr=1e-3, weight_decay=1e-4),
    clip_grad=dict(max_norm=0.1, norm_type=2))
param_scheduler = [
    dict(type='LinearLR', start_factor=0.1, by_epoch=False, begin=0, end=50),
    dict(
        type='CosineAnnealingLR', eta_min=1e-5, by_epoch=False, begin=50,
        end=5000),
]

default_hooks = dict(
    logger=dict(interval=20),
    checkpoint=dict(interval=1, max_keep_ckpts=1, save_best=None))
auto_scale_lr = dict(enable=False, base_batch_size=2)
