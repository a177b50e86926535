# ResNet18-3D of the thesis' ablations (App. C.1, Table C.1) in mmaction2's
# Recognizer3D: conv1 7x7x7 stride (1, 2, 2), pool1 stride (2, 2, 2),
# res2-res5 of two 3x3x3 basic blocks, temporal and spatial stride 2 in
# res3-res5; 16x112x112 -> 8x28x28 (res2) -> 1x4x4 (res5) -> global average
# pooling -> fc. pool1's kernel is mmaction2's 1x3x3 (Table C.1: 3x3x3).
# The vanilla 3D baseline; configs add the aligned convolutions
# (./r3d18_aligned.py) and `num_classes`.
r3d18 = dict(
    type='ResNet3d',
    depth=18,
    pretrained=None,
    pretrained2d=False,
    conv1_kernel=(7, 7, 7),
    conv1_stride_t=1,
    pool1_stride_t=2,
    temporal_strides=(1, 2, 2, 2),
    with_pool2=False,
    norm_eval=False,
    zero_init_residual=False)
model = dict(
    type='Recognizer3D',
    backbone=r3d18,
    cls_head=dict(
        type='I3DHead',
        in_channels=512,
        spatial_type='avg',
        dropout_ratio=0.5,
        init_std=0.01,
        average_clips='prob'),
    data_preprocessor=dict(
        type='ActionDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        format_shape='NCTHW'))
