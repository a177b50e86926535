# The thesis' anchor-free TubeR on the benchmark's recognition pretraining of
# tuber-anchor-free_r3d18-tiny_bench-recognition-2400it-pre_1xb2-8x1x1-20k_
# continuity-bench-tubelets-rgb-flow.py (same model, data, frozen backbone,
# checkpoint and learning rate) trained twice as long: 40,000 iterations,
# the cosine decay stretched to the end. Its backbone's tokens locate the
# actor poorly (README.md, "Stop 29"), so the decoder needs about twice the
# iterations it needs on the proposal variant's backbone.
_base_ = [
    './tuber-anchor-free_r3d18-tiny_bench-recognition-2400it-pre_1xb2-8x1x1-'
    '20k_continuity-bench-tubelets-rgb-flow.py'
]

max_iters = 40000
train_cfg = dict(max_iters=max_iters, val_interval=max_iters)
param_scheduler = [
    _base_.param_scheduler[0],
    dict(_base_.param_scheduler[1], end=max_iters),
]
default_hooks = dict(checkpoint=dict(interval=max_iters))
