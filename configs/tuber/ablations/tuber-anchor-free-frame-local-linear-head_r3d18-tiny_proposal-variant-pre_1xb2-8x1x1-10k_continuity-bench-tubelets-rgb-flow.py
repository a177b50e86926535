# Table 6.1d on the anchor-free model (tuber-anchor-free-frame-local_..._
# proposal-variant-pre_..._10k): a linear classifier on the tubelet
# features instead of the short-term context head.
_base_ = [
    '../tuber-anchor-free-frame-local_r3d18-tiny_proposal-variant-pre_'
    '1xb2-8x1x1-10k_continuity-bench-tubelets-rgb-flow.py'
]

model = dict(cls_head=dict(context='none'))
