# Multi-frame (K = 6) two-in-one SSD300 on UCF101-24 (Table 4.3,
# multi-frame two-in-one): conv2 modulated by each frame's flow (3x3
# condition), lr 1e-4, step decay, ACT tubelet linking.
_base_ = [
    '../_base_/models/ssd300_vgg16_two-in-one.py',
    './_base_/ucf24-clip-rgb-flow.py',
    './_base_/sgd-step_120k_lr1e-4.py'
]

# ACT-style: the stream's backbone and neck on each of the K frames, a
# tubelet head on their stacked features (per-frame in_channels)
model = dict(
    type='MultiFrameSSD',
    bbox_head=dict(
        type='TubeletSSDHead', num_frames=6,
        num_classes=_base_.num_classes))
