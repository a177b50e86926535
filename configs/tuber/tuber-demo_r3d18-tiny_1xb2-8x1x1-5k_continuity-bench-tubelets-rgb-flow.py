# The recipe `make demo` trains (configs/tuber/README.md, "The demo
# recipe"): the RGB + flow proposal config of the benchmark's results table
# (tuber_r3d18-tiny_1xb2-8x1x1-5k_..._rgb-flow.py, our extension beyond the
# thesis) on the demo recipe's data (_base_/datasets/
# continuity-bench-tubelets-rgb-flow_96px.py): training crops of 96 x 96
# from frames rescaled to a short side in (96, 116) instead of 112 from
# (112, 136), 0.69-0.71x the CPU time of a training step, and no loader
# workers (on a 2-core CPU, a training step takes 0.092 s without them vs
# 0.107 s with the base's 2). The same 5,000 iterations, the same model,
# test pipeline (whole 112 x 112 frames, inside the training scales
# 0.86-1.04) and metric.
_base_ = [
    './_base_/models/tuber_r3d18-tiny_proposals_rgb-flow.py',
    './_base_/datasets/continuity-bench-tubelets-rgb-flow_96px.py',
    './_base_/schedules/adamw-cosine_5k.py'
]

model = dict(
    queries=dict(num_frames=_base_.clip_len),
    cls_head=dict(num_classes=_base_.num_classes))
