# Aligned 3D convolutions in a ResNet3d (Sec. 5.3): `aligned_backbone` turns
# a model base's ResNet3d into an AlignedResNet3d that rebuilds the temporal
# convolution of the chosen blocks (default: res2, block 0, its conv2,
# "Res2.0.conv2") as a patch-to-point AlignedConv3d whose offsets come from
# local correlation features (Table 5.2, Fig. 5.3) of a C/4-channel
# embedding at half the resolution, window d = 2 (our design for speed,
# see CorrelationOffsets and the README's Speed section).
# Used next to a model base: `model = dict(backbone=_base_.aligned_backbone)`.
aligned_backbone = dict(
    type='AlignedResNet3d',
    aligned=((1, 0), 0, 0, 0),
    aligned_conv_cfg=dict(
        type='AlignedConv3d',
        offsets=dict(type='CorrelationOffsets', max_displacement=2)))
