# The schedule of sgd-step_120k.py for the small data sets (J-HMDB-21,
# UCF-Sports): 30k iterations at batch 32, x0.1 at 20k and 25k, validation
# every 5k. Lengths and steps are ours (the thesis gives neither).
_base_ = ['./sgd-step_120k.py']

max_iters = 30000
train_cfg = dict(max_iters=max_iters, val_interval=5000)
param_scheduler = [
    dict(
        type='LinearLR', start_factor=0.1, by_epoch=False, begin=0,
        end=1000),
    dict(
        type='MultiStepLR',
        by_epoch=False,
        begin=0,
        end=max_iters,
        milestones=[20000, 25000],
        gamma=0.1)
]
default_hooks = dict(checkpoint=dict(interval=5000))
