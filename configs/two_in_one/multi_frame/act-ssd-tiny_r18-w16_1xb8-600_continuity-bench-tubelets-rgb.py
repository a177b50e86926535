# Multi-frame (K = 6, ACT-style) tiny SSD, rgb stream, on the benchmark:
# the tiny single-frame rgb stream's backbone on each frame, tubelets linked
# by ACT's method (video-mAP). Trains on a CPU in minutes.
_base_ = [
    '../_base_/models/ssd-tiny_r18-w16.py',
    './_base_/continuity-bench-tubelets-clip-rgb.py',
    '../_base_/schedules/sgd-step_600.py'
]

# ACT-style: the stream's backbone and neck on each of the K frames, a
# tubelet head on their stacked features (per-frame in_channels)
model = dict(
    type='MultiFrameSSD',
    bbox_head=dict(
        type='TubeletSSDHead', num_frames=6,
        num_classes=_base_.num_classes))
