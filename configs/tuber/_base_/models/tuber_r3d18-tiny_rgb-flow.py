# The tiny TubeR (anchor-free) on RGB + optical flow stacked as channels 4-5
# of the clip (early fusion into one backbone; the UCF101-24 / J-HMDB RGB +
# flow configs are two-stream). The flow channels are normalised with std 8
# quantisation levels (about 1.25 pixels of displacement at the default
# bound of 20 pixels) instead of 127.5: the benchmark's actors move 1.5-3
# pixels per frame, which std 127.5 would scale to about 0.1.
_base_ = ['./tuber_r3d18-tiny.py']

model = dict(
    backbone=dict(in_channels=5),
    data_preprocessor=dict(
        mean=[123.675, 116.28, 103.53, 127.5, 127.5],
        std=[58.395, 57.12, 57.375, 8., 8.]))
