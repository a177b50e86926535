# The schedule of adamw-cosine_5k.py over 10,000 iterations (the warm-up
# unchanged, the cosine decay stretched to the end), one checkpoint and one
# validation at the end.
_base_ = ['./adamw-cosine_5k.py']

max_iters = 10000
train_cfg = dict(max_iters=max_iters, val_interval=max_iters)
param_scheduler = [
    _base_.param_scheduler[0],
    dict(_base_.param_scheduler[1], end=max_iters),
]
default_hooks = dict(checkpoint=dict(interval=max_iters))
