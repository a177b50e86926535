# Table 6.1c on the anchor-free model (tuber-anchor-free-frame-local_..._
# proposal-variant-pre_..._10k): no action switch (not trained, not used at
# test time: every tubelet spans the whole clip).
_base_ = [
    '../tuber-anchor-free-frame-local_r3d18-tiny_proposal-variant-pre_'
    '1xb2-8x1x1-10k_continuity-bench-tubelets-rgb-flow.py'
]

model = dict(
    criterion=dict(switch_weight=0.), test_cfg=dict(switch_thr=0.))
val_evaluator = dict(link_cfg=dict(switch_thr=0.))
test_evaluator = val_evaluator
