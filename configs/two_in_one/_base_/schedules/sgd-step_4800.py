# sgd-step_600.py eight times as long: 4,800 iterations (batch 8: 38,400
# frames, about 2.7 passes over the benchmark's 14k training frames with an
# actor), the x0.1 steps at the same fractions (3,200 and 4,000), the same
# lr and warm-up. At 2,400 iterations every stream was still improving, the
# two-in-one stream most (README.md, "Table 4.1's rows at 4,800
# iterations").
_base_ = ['./sgd-step_600.py']

max_iters = 4800
train_cfg = dict(max_iters=max_iters, val_interval=max_iters)
param_scheduler = [
    _base_.param_scheduler[0],
    dict(_base_.param_scheduler[1], end=max_iters, milestones=[3200, 4000]),
]
default_hooks = dict(checkpoint=dict(interval=max_iters))
