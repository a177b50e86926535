# TubeR, tiny, RGB + optical flow on the built-in benchmark. The benchmark's
# classes (and the action switch) are defined by motion only, which a 3D
# backbone trained from scratch for minutes learns slowly from RGB (see
# README); here the benchmark's exact flow is stacked with RGB as channels
# 4-5 of the clip (_base_/models/tuber_r3d18-tiny_proposals_rgb-flow.py).
# Schedule: 5,000 iterations, the schedule of its ablations.
_base_ = [
    './_base_/models/tuber_r3d18-tiny_proposals_rgb-flow.py',
    './_base_/datasets/continuity-bench-tubelets-rgb-flow.py',
    './_base_/schedules/adamw-cosine_5k.py'
]

model = dict(
    queries=dict(num_frames=_base_.clip_len),
    cls_head=dict(num_classes=_base_.num_classes))
