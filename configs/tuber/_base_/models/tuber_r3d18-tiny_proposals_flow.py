# The tiny TubeR on optical flow alone, the 2 flow channels (x, y) of the
# benchmark: the flow stream of the late fusion
# (tuber-late-fusion_r3d18-tiny_...). Flow normalised as in
# tuber_r3d18-tiny_rgb-flow.py (std 8 quantisation levels).
_base_ = ['./tuber_r3d18-tiny_proposals.py']

model = dict(
    backbone=dict(in_channels=2),
    data_preprocessor=dict(mean=[127.5, 127.5], std=[8., 8.]))
