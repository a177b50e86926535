# TubeR, tiny, RGB, on the built-in benchmark: the model of
# ..._3e_continuity-bench-tubelets-rgb.py on the 5,000-iteration schedule of
# the RGB + flow configs; the RGB stream of the late fusion
# tuber-late-fusion_r3d18-tiny_..._continuity-bench-tubelets-rgb-flow.py.
_base_ = [
    './_base_/models/tuber_r3d18-tiny_proposals.py',
    './_base_/datasets/continuity-bench-tubelets-rgb.py',
    './_base_/schedules/adamw-cosine_5k.py'
]

model = dict(
    queries=dict(num_frames=_base_.clip_len),
    cls_head=dict(num_classes=_base_.num_classes))
