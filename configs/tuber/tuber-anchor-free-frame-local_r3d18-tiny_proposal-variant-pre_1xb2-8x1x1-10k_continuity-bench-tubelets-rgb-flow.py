# Our option beyond the thesis on the anchor-free TubeR of
# tuber-anchor-free_r3d18-tiny_proposal-variant-pre_..._10k_..._rgb-flow.py:
# the box query of output frame t cross-attends to the memory tokens of
# frame t only (FrameLocalTubeRDecoderLayer; the thesis' Eq. 6.6 reads the
# whole memory). No anchors, no proposals, no box refinement, no
# memory-seeded queries, no dense heads. On the benchmark the thesis'
# decoder finds the actor's region but not its box on each frame; this one
# does at 10,000 iterations (README.md, "The thesis's model (anchor-free)
# on the benchmark"). Table 6.1 is measured on this model at 10,000
# iterations (ablations/tuber-anchor-free-frame-local-*) and on the
# thesis' model at 20,000 (ablations/tuber-anchor-free-*-20k_*).
_base_ = [
    './tuber-anchor-free_r3d18-tiny_proposal-variant-pre_1xb2-8x1x1-10k_'
    'continuity-bench-tubelets-rgb-flow.py'
]

model = dict(
    decoder=dict(layer_cfg=dict(type='FrameLocalTubeRDecoderLayer')))
