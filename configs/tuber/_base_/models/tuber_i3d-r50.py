# TubeR on mmaction2's I3D-R50 without temporal striding (conv1/pool1
# temporal stride 1, no pool2): a T-frame clip gives dense tubelets
# (T_out = T_in); 3 encoder + 3 decoder layers (Sec. 6.4.1, the UCF101-24 /
# J-HMDB setting); the tubelets and their switch are the output. A config
# adds `queries.num_frames` and `cls_head.num_classes`.
_base_ = ['./tuber.py']

# Kinetics-400 I3D-R50 (ImageNet-inflated) of mmaction2; the recognizer's
# `backbone.` keys match TubeR's, its 400-class head is skipped
pretrained = ('https://download.openmmlab.com/mmaction/v1.0/recognition/i3d/'
              'i3d_imagenet-pretrained-r50_8xb8-32x2x1-100e_kinetics400-rgb/'
              'i3d_imagenet-pretrained-r50_8xb8-32x2x1-100e_kinetics400-rgb_'
              '20220812-e213c223.pth')
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
    encoder=dict(num_layers=3),
    decoder=dict(num_layers=3),
    test_cfg=dict(output='tubelets', switch_thr=0.5))
