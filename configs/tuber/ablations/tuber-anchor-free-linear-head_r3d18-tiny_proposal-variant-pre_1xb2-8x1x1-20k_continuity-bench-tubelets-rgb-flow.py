# Table 6.1d on the thesis' anchor-free model (tuber-anchor-free_r3d18-tiny_
# proposal-variant-pre_..._20k_...): a linear classifier on the tubelet
# features instead of the short-term context head.
_base_ = [
    '../tuber-anchor-free_r3d18-tiny_proposal-variant-pre_1xb2-8x1x1-20k_'
    'continuity-bench-tubelets-rgb-flow.py'
]

model = dict(cls_head=dict(context='none'))
