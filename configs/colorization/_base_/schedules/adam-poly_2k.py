# The schedule of adam-poly_600it.py over 2,000 iterations, validation and a
# checkpoint every 1,000.
_base_ = ['./adam-poly_600it.py']

param_scheduler = dict(end=2000)
train_cfg = dict(max_iters=2000, val_interval=1000)
default_hooks = dict(checkpoint=dict(interval=1000))
