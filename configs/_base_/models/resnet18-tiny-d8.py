# A narrow dilated ResNet-18 (mmseg's ResNetV1c with 16 stem and base
# channels, output stride 8: strides (1, 2, 1, 1), dilations (1, 1, 2, 4);
# 128 output channels), the backbone of the small FCNs of the aligned 3D
# and colorization baselines. A model config uses `resnet18_tiny_d8` as its
# (or its segmentor's) backbone.
norm_cfg = dict(type='BN', requires_grad=True)
resnet18_tiny_d8 = dict(
    type='ResNetV1c',
    depth=18,
    stem_channels=16,
    base_channels=16,
    out_indices=(3, ),
    strides=(1, 2, 1, 1),
    dilations=(1, 1, 2, 4),
    norm_cfg=norm_cfg)
