# Two-stream TubeR (RGB and optical flow, the thesis' two-stream setting,
# Sec. 6.4.1): the flow frames (tools/data/extract_flow.py, x/y JPEG pairs)
# are loaded with the RGB frames as channels 4-5 of the clip; TwoStreamTubeR
# sends channels 1-3 through the RGB I3D-R50 (Kinetics-400 weights, init_cfg
# of tuber_i3d-r50.py) and channels 4-5 through `flow_backbone`, the same
# I3D-R50 with a 2-channel input; the two 2048-channel features are
# concatenated before the 1x1x1 projection. No flow checkpoint is released
# with mmaction2, so the flow stream starts from random weights and trains
# its BatchNorm statistics (norm_eval=False); `model.flow_backbone.init_cfg`
# can load one.
_base_ = ['./tuber_i3d-r50.py']

model = dict(
    type='TwoStreamTubeR',
    flow_backbone=dict(_base_.model.backbone, in_channels=2, norm_eval=False),
    in_channels=4096,
    data_preprocessor=dict(
        mean=[123.675, 116.28, 103.53, 127.5, 127.5],
        std=[58.395, 57.12, 57.375, 127.5, 127.5]))
