# Multi-frame (K = 6, ACT [106]) SSD300, flow stream, on UCF101-24: lr 1e-4,
# step decay (Sec. 4.4.1), tubelets linked by ACT's method.
_base_ = [
    '../_base_/models/ssd300_vgg16_flow.py',
    './_base_/ucf24-clip-flow.py',
    './_base_/sgd-step_120k_lr1e-4.py'
]

# ACT-style: the stream's backbone and neck on each of the K frames, a
# tubelet head on their stacked features (per-frame in_channels)
model = dict(
    type='MultiFrameSSD',
    bbox_head=dict(
        type='TubeletSSDHead', num_frames=6,
        num_classes=_base_.num_classes))
