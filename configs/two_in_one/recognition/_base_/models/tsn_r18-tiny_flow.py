# The tiny TSN on one optical-flow frame per segment (x, y; the flow of the
# frame the two-in-one TSN modulates, not TSN's stack of 5). Flow is
# normalised with std 8 quantisation levels (about 1.25 pixels at the
# default bound of 20 pixels): the benchmark's actors move 1.5-3 pixels per
# frame (as ../../../../tuber/_base_/models/tuber_r3d18-tiny_rgb-flow.py).
_base_ = ['./tsn_r18-tiny.py']

model = dict(
    backbone=dict(in_channels=2),
    data_preprocessor=dict(mean=[127.5, 127.5], std=[8., 8.]))
