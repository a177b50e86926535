# TubeR on optical flow alone (x, y), the flow stream of the late fusion
# (tuber-late-fusion_i3d-r50_...): the I3D-R50 of tuber_i3d-r50.py with a
# 2-channel input from random weights (mmaction2 releases no flow
# checkpoint), so no Kinetics init_cfg and trained BatchNorm statistics
# (norm_eval=False); flow normalised as in tuber_i3d-r50_rgb-flow.py. A
# config trains its backbone at the transformer's lr.
_base_ = ['./tuber_i3d-r50.py']

model = dict(
    init_cfg=None,
    backbone=dict(in_channels=2, norm_eval=False),
    data_preprocessor=dict(mean=[127.5, 127.5], std=[127.5, 127.5]))
