# Multi-frame (K = 6, ACT-style) tiny two-in-one SSD on the benchmark: each
# frame's RGB modulated by its own flow (the tiny two-in-one stream), the
# stacked features regress and classify tubelets, linked by ACT's method.
_base_ = [
    '../_base_/models/ssd-tiny_r18-w16_two-in-one.py',
    './_base_/continuity-bench-tubelets-clip-rgb-flow.py',
    '../_base_/schedules/sgd-step_600.py'
]

# ACT-style: the stream's backbone and neck on each of the K frames, a
# tubelet head on their stacked features (per-frame in_channels)
model = dict(
    type='MultiFrameSSD',
    bbox_head=dict(
        type='TubeletSSDHead', num_frames=6,
        num_classes=_base_.num_classes))
