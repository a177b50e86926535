# Our option beyond the thesis: the anchor-free TubeR of
# tuber-anchor-free_..._rgb-flow.py whose box query of output frame t
# cross-attends to the memory tokens of frame t only
# (FrameLocalTubeRDecoderLayer; the thesis' Eq. 6.6 reads the whole
# memory). No anchors, no proposals. README.md: "The thesis's model
# (anchor-free) on the benchmark".
_base_ = [
    '../tuber-anchor-free_r3d18-tiny_bench-recognition-pre_1xb2-8x1x1-5k_'
    'continuity-bench-tubelets-rgb-flow.py'
]

model = dict(
    decoder=dict(layer_cfg=dict(type='FrameLocalTubeRDecoderLayer')))
