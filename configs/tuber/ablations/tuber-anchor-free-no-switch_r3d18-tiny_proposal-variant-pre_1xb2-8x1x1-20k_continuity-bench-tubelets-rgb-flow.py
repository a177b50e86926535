# Table 6.1c on the thesis' anchor-free model (tuber-anchor-free_r3d18-tiny_
# proposal-variant-pre_..._20k_...): no action switch (not trained, not used
# at test time: every tubelet spans the whole clip).
_base_ = [
    '../tuber-anchor-free_r3d18-tiny_proposal-variant-pre_1xb2-8x1x1-20k_'
    'continuity-bench-tubelets-rgb-flow.py'
]

model = dict(
    criterion=dict(switch_weight=0.), test_cfg=dict(switch_thr=0.))
val_evaluator = dict(link_cfg=dict(switch_thr=0.))
test_evaluator = val_evaluator
