# The tiny TubeR with the proposal extension (tuber_r3d18-tiny_proposals.py)
# on RGB + optical flow, the input of tuber_r3d18-tiny_rgb-flow.py (flow as
# channels 4-5, std 8 quantisation levels; see there).
_base_ = ['./tuber_r3d18-tiny_proposals.py']

model = dict(
    backbone=dict(in_channels=5),
    data_preprocessor=dict(
        mean=[123.675, 116.28, 103.53, 127.5, 127.5],
        std=[58.395, 57.12, 57.375, 8., 8.]))
