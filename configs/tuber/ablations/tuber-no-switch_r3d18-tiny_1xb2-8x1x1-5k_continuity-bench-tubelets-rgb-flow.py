# Table 6.1c on the built-in benchmark, RGB + flow input: without the action
# switch (loss weight 0; threshold 0 in the model and in the stitching).
_base_ = [
    '../tuber_r3d18-tiny_1xb2-8x1x1-5k_continuity-bench-tubelets-rgb-flow.py'
]

model = dict(
    criterion=dict(switch_weight=0.),
    query_selection=dict(switch_weight=0.),
    test_cfg=dict(switch_thr=0.))
val_evaluator = dict(link_cfg=dict(switch_thr=0.))
test_evaluator = val_evaluator
