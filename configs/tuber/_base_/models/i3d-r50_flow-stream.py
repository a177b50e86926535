# The flow stream of the two-stream TubeR configs (`model.flow_backbone`):
# the I3D-R50 of the UCF101-24 / J-HMDB configs (no temporal striding) with a
# 2-channel input (flow x, y). No flow checkpoint is released with mmaction2,
# so it starts from random weights and trains its BatchNorm statistics
# (norm_eval=False); `model.flow_backbone.init_cfg` can load one.
flow_backbone = dict(
    type='ResNet3d',
    depth=50,
    in_channels=2,
    pretrained=None,
    pretrained2d=False,
    conv1_kernel=(5, 7, 7),
    conv1_stride_t=1,
    pool1_stride_t=1,
    conv_cfg=dict(type='Conv3d'),
    inflate=((1, 1, 1), (1, 0, 1, 0), (1, 0, 1, 0, 1, 0), (0, 1, 0)),
    with_pool2=False,
    norm_eval=False,
    zero_init_residual=False)
