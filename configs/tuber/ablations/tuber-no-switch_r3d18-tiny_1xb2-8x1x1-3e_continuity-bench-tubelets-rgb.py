# Table 6.1c on the built-in benchmark: without the action switch. The
# switch is not trained (its loss weight is 0) and not used at test time:
# threshold 0 keeps every output frame, in the model's output and in the
# stitching of the metric, so a tubelet spans its whole clip.
_base_ = ['../tuber_r3d18-tiny_1xb2-8x1x1-3e_continuity-bench-tubelets-rgb.py']

model = dict(
    criterion=dict(switch_weight=0.),
    query_selection=dict(switch_weight=0.),
    test_cfg=dict(switch_thr=0.))
val_evaluator = dict(link_cfg=dict(switch_thr=0.))
test_evaluator = val_evaluator
