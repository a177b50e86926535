# The single-frame SSD300 schedule (thesis Sec. 4.4.1: lr 1e-3 for the
# single-frame network, step decay): SGD with momentum 0.9 and weight decay
# 5e-4 as SSD, 120k iterations at batch 32 (8 GPUs x 4), x0.1 at 80k and
# 100k, a 1,000-iteration linear warm-up. Iterations and steps are ours (the
# thesis gives neither). Validation every 20k iterations.
_base_ = ['mmaction::_base_/default_runtime.py']

max_iters = 120000
train_cfg = dict(
    type='IterBasedTrainLoop', max_iters=max_iters, val_interval=20000)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')

optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=1e-3, momentum=0.9, weight_decay=5e-4),
    clip_grad=dict(max_norm=35, norm_type=2))
param_scheduler = [
    dict(
        type='LinearLR', start_factor=0.1, by_epoch=False, begin=0,
        end=1000),
    dict(
        type='MultiStepLR',
        by_epoch=False,
        begin=0,
        end=max_iters,
        milestones=[80000, 100000],
        gamma=0.1)
]
default_hooks = dict(
    logger=dict(interval=100),
    checkpoint=dict(by_epoch=False, interval=20000, max_keep_ckpts=2))
