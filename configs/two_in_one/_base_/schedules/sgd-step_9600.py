# sgd-step_600.py sixteen times as long: 9,600 iterations (batch 8: 76,800
# frames, about 5.5 passes over the benchmark's 14k training frames with an
# actor), the x0.1 steps at the same fractions (6,400 and 8,000), the same
# lr and warm-up. At 4,800 iterations the two-in-one stream was still
# closing on the union two-stream (0.58x -> 0.75x from 2,400); does it
# close (README.md, "Table 4.1's rows at 9,600 iterations")?
_base_ = ['./sgd-step_600.py']

max_iters = 9600
train_cfg = dict(max_iters=max_iters, val_interval=max_iters)
param_scheduler = [
    _base_.param_scheduler[0],
    dict(_base_.param_scheduler[1], end=max_iters, milestones=[6400, 8000]),
]
default_hooks = dict(checkpoint=dict(interval=max_iters))
