# The thesis' anchor-free TubeR of
# tuber-anchor-free_r3d18-tiny_proposal-variant-pre_1xb2-8x1x1-10k_
# continuity-bench-tubelets-rgb-flow.py (same model, data, initialisation
# and learning rate) trained twice as long: 20,000 iterations, the cosine
# decay stretched to the end. At 10,000 iterations its matched GIoU is
# still rising (README.md, "The thesis's model (anchor-free) on the
# benchmark").
_base_ = [
    './tuber-anchor-free_r3d18-tiny_proposal-variant-pre_1xb2-8x1x1-10k_'
    'continuity-bench-tubelets-rgb-flow.py'
]

max_iters = 20000
train_cfg = dict(max_iters=max_iters, val_interval=max_iters)
param_scheduler = [
    _base_.param_scheduler[0],
    dict(_base_.param_scheduler[1], end=max_iters),
]
default_hooks = dict(checkpoint=dict(interval=max_iters))
