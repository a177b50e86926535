# The flow TSN of ./tsn_r152.py: one flow frame (x, y) per segment, flow
# normalised as mmaction2's TSN flow configs do (mean 128, std 128).
_base_ = ['./tsn_r152.py']

model = dict(
    backbone=dict(in_channels=2),
    data_preprocessor=dict(mean=[128., 128.], std=[128., 128.]))
