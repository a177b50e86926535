# TubeR, tiny, on the built-in benchmark's optical flow alone (2 channels,
# _base_/models/tuber_r3d18-tiny_proposals_flow.py): the flow stream of the
# late fusion
# tuber-late-fusion_r3d18-tiny_..._continuity-bench-tubelets-rgb-flow.py
# (the RGB stream: ..._5k_continuity-bench-tubelets-rgb.py). 5,000
# iterations, the schedule of the RGB + flow configs.
_base_ = [
    './_base_/models/tuber_r3d18-tiny_proposals_flow.py',
    './_base_/datasets/continuity-bench-tubelets-flow.py',
    './_base_/schedules/adamw-cosine_5k.py'
]

model = dict(
    queries=dict(num_frames=_base_.clip_len),
    cls_head=dict(num_classes=_base_.num_classes))
