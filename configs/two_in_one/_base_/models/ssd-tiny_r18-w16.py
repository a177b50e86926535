# A tiny SSD for the built-in benchmark that trains on a CPU in minutes: the
# SingleFrameSSD of ssd300_vgg16.py with a narrow ResNet-18 (16 base
# channels, from scratch) instead of VGG-16, on 112x112 frames. Two
# backbone levels (stride 8: 14x14, 32 channels; stride 16: 7x7, 64
# channels) and one extra SSDNeck level (stride 2: 4x4); 4 default boxes per
# location (1:1 at two scales, 1:2, 2:1), sized for the benchmark's actors
# (about 14x24 pixels). RGB stream; num_classes is set by the dataset's
# config.
custom_imports = dict(imports=['mmcontinuity'], allow_failed_imports=False)
model = dict(
    type='SingleFrameSSD',
    data_preprocessor=dict(
        type='TubeletDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375]),
    backbone=dict(
        type='mmdet.ResNet',
        depth=18,
        base_channels=16,
        num_stages=3,
        strides=(1, 2, 2),
        dilations=(1, 1, 1),
        out_indices=(1, 2),
        norm_eval=False),
    neck=dict(
        type='mmdet.SSDNeck',
        in_channels=(32, 64),
        out_channels=(32, 64, 64),
        level_strides=(2, ),
        level_paddings=(1, ),
        l2_norm_scale=None),
    # built in mmdet's scope: the head builds its anchor generator, coder,
    # assigner (and that its IoU calculator) and sampler from mmdet's
    # registries
    bbox_head=dict(
        _scope_='mmdet',
        type='GlobalNormSSDHead',
        in_channels=(32, 64, 64),
        num_classes=6,
        anchor_generator=dict(
            type='SSDAnchorGenerator',
            scale_major=False,
            strides=[8, 16, 28],
            min_sizes=[16, 32, 64],
            max_sizes=[32, 64, 100],
            ratios=[[2], [2], [2]]),
        bbox_coder=dict(
            type='DeltaXYWHBBoxCoder',
            target_means=[.0, .0, .0, .0],
            target_stds=[0.1, 0.1, 0.2, 0.2])),
    train_cfg=dict(
        assigner=dict(
            type='MaxIoUAssigner',
            pos_iou_thr=0.5,
            neg_iou_thr=0.5,
            min_pos_iou=0.,
            ignore_iof_thr=-1,
            gt_max_assign_all=False),
        sampler=dict(type='PseudoSampler'),
        smoothl1_beta=1.,
        allowed_border=-1,
        pos_weight=-1,
        neg_pos_ratio=3,
        debug=False),
    test_cfg=dict(
        nms_pre=400,
        nms=dict(type='nms', iou_threshold=0.45),
        min_bbox_size=0,
        score_thr=0.01,
        max_per_img=50))
