# TubeR, tiny, with the proposal extension
# (_base_/models/tuber_r3d18-tiny_proposals.py): trains on a CPU in minutes
# on the built-in benchmark's `tubelets` split
# (tools/data/make_continuity_bench.py --splits tubelets), 8-frame clips,
# batch 2, 3 epochs of the 400 training videos (~5,000 iterations).
_base_ = [
    './_base_/models/tuber_r3d18-tiny_proposals.py',
    './_base_/datasets/continuity-bench-tubelets-rgb.py',
    './_base_/schedules/adamw-cosine_3e.py'
]

model = dict(
    queries=dict(num_frames=_base_.clip_len),
    cls_head=dict(num_classes=_base_.num_classes))
