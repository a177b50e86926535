# SSD300 with VGG-16 (ImageNet-pretrained, Caffe weights), single frames:
# the RGB stream of Chapter 4 (Eq. 4.1), mmdet's SSD300 parts (SSDVGG,
# SSDNeck, SSDHead, anchors, assigner, hard negative mining 3:1, NMS 0.45)
# in mmaction2's SingleFrameSSD. Frames are RGB (LoadFrames), normalised as
# the Caffe VGG-16 expects (mean subtraction only). num_classes is set by
# the dataset's config.
input_size = 300
custom_imports = dict(imports=['mmcontinuity'], allow_failed_imports=False)
model = dict(
    type='SingleFrameSSD',
    data_preprocessor=dict(
        type='TubeletDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[1, 1, 1]),
    backbone=dict(
        type='mmdet.SSDVGG',
        depth=16,
        with_last_pool=False,
        ceil_mode=True,
        out_indices=(3, 4),
        out_feature_indices=(22, 34),
        init_cfg=dict(
            type='Pretrained', checkpoint='open-mmlab://vgg16_caffe')),
    neck=dict(
        type='mmdet.SSDNeck',
        in_channels=(512, 1024),
        out_channels=(512, 1024, 512, 256, 256, 256),
        level_strides=(2, 2, 1, 1),
        level_paddings=(1, 1, 0, 0),
        l2_norm_scale=20),
    # built in mmdet's scope: the head builds its anchor generator, coder,
    # assigner (and that its IoU calculator) and sampler from mmdet's
    # registries
    bbox_head=dict(
        _scope_='mmdet',
        type='GlobalNormSSDHead',
        in_channels=(512, 1024, 512, 256, 256, 256),
        num_classes=24,
        anchor_generator=dict(
            type='SSDAnchorGenerator',
            scale_major=False,
            input_size=input_size,
            basesize_ratio_range=(0.2, 0.9),
            strides=[8, 16, 32, 64, 100, 300],
            ratios=[[2], [2, 3], [2, 3], [2, 3], [2], [2]]),
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
        nms_pre=1000,
        nms=dict(type='nms', iou_threshold=0.45),
        min_bbox_size=0,
        score_thr=0.01,
        max_per_img=200))
