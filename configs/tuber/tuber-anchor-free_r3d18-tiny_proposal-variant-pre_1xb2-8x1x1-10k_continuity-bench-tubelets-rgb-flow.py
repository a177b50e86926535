# The thesis' TubeR (anchor-free: learned tubelet queries, tubelet
# attention, short-term context head, action switch; no proposals, no box
# refinement, no memory-seeded queries, no dense heads), tiny, RGB + exact
# flow on the benchmark, with its backbone initialised from the backbone of
# our proposal variant as `make demo` trains it
# (tuber-demo_r3d18-tiny_..._5k_..._rgb-flow.py, then
# tools/misc/extract_weights.py ... --prefix backbone.) and frozen. Only
# the backbone is loaded: a model-level init from the whole checkpoint would
# also load the proposal variant's transformer, queries and heads. This
# initialisation is ours (the thesis starts from Kinetics; the benchmark's
# recognition pretraining gives tokens that do not locate the actors):
# README.md, "The thesis's model (anchor-free) on the benchmark". 96-px
# training crops and 10,000 iterations.
_base_ = [
    './_base_/models/tuber_r3d18-tiny_rgb-flow.py',
    './_base_/datasets/continuity-bench-tubelets-rgb-flow_96px.py',
    './_base_/schedules/adamw-cosine_10k.py'
]

pretrained = ('work_dirs/tuber-demo_r3d18-tiny_1xb2-8x1x1-5k_'
              'continuity-bench-tubelets-rgb-flow/backbone.pth')
model = dict(
    backbone=dict(frozen_stages=3, norm_eval=True),
    queries=dict(num_frames=_base_.clip_len),
    cls_head=dict(num_classes=_base_.num_classes),
    init_cfg=dict(type='Pretrained', checkpoint=pretrained))
