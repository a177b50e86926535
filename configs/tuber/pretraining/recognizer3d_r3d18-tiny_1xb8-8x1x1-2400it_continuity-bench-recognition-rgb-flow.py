# The recognition pretraining of
# recognizer3d_r3d18-tiny_1xb8-8x1x1-450it_continuity-bench-recognition-rgb-flow.py
# trained to convergence: 2,400 iterations (40 epochs of the 480 videos of
# `make_continuity_bench.py --splits recognition --scale 4`), the cosine
# decay planned over the whole run, a validation every 600 iterations.
# Nothing else changes (model, data, optimiser). Its backbone, extracted
# alone (tools/misc/extract_weights.py --prefix backbone.), is what
# ../tuber-anchor-free_r3d18-tiny_bench-recognition-2400it-pre_*.py load.
_base_ = ['./recognizer3d_r3d18-tiny_1xb8-8x1x1-450it_'
          'continuity-bench-recognition-rgb-flow.py']

max_iters = 2400
train_cfg = dict(max_iters=max_iters, val_interval=600)
param_scheduler = [
    _base_.param_scheduler[0],
    dict(_base_.param_scheduler[1], end=max_iters),
]
default_hooks = dict(checkpoint=dict(interval=600))
