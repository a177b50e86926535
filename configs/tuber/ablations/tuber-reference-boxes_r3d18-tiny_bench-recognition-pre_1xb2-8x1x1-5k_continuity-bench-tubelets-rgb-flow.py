# Our option beyond the thesis: the anchor-free TubeR of
# tuber-anchor-free_..._rgb-flow.py with learnt reference boxes
# (TubeRWithReferenceBoxes, DAB-DETR's anchor queries): every box query has
# a learnt box that positions its first cross-attention and anchors its box
# regression, refined by every decoder layer. No hand-set anchors, no
# proposals, no memory queries, no dense heads. README.md: "The thesis's
# model (anchor-free) on the benchmark".
_base_ = [
    '../tuber-anchor-free_r3d18-tiny_bench-recognition-pre_1xb2-8x1x1-5k_'
    'continuity-bench-tubelets-rgb-flow.py'
]

model = dict(type='TubeRWithReferenceBoxes')
