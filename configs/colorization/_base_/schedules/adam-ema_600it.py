# The thesis' optimisation (Sec. 2.4.1): Adam at lr 1e-3 with betas
# (0.95, 0.9995) and Polyak parameter averaging, MMEngine's EMAHook (an
# exponential moving average of the weights as in PixelCNN++, ref. [173]:
# validation, test and checkpoints use the averaged weights; `--resume`
# restores the average). 600 iterations (5-15 minutes on a CPU), constant
# lr (the thesis names no decay); momentum 0.01 averages over about the
# last 100 iterations (the long schedules of the VOC / COCO-Stuff configs
# use 0.0005, PixelCNN++'s decay 0.9995). Validation (which samples
# colorizations) and the checkpoint once, at the end: the recipe of the
# 3-seed results in configs/colorization/README.md.
_base_ = ['mmseg::_base_/default_runtime.py']

# The 1x1 heads that output the mixture parameters (f_theta's
# `mixture_head`, g_omega's `out`) learn at 10x the lr (ours, not the
# thesis'): Adam moves a parameter by about lr per step, and the mixture
# starts with scales of 128 ab units at mean 0; at lr 1e-3 a constant
# mixture fitted to the benchmark's ab needs over 1,000 steps to approach
# the data's marginal (9.8 nats per pixel after 300 steps, 7.2 after
# 1,000, against 4.8 of the histogram), at 1e-2 it is at 5.1 after 300.
optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='Adam', lr=1e-3, betas=(0.95, 0.9995)),
    paramwise_cfg=dict(custom_keys={
        'mixture_head': dict(lr_mult=10.0),
        'generator.out': dict(lr_mult=10.0)
    }))
train_cfg = dict(type='IterBasedTrainLoop', max_iters=600, val_interval=600)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
custom_hooks = [
    dict(type='EMAHook', ema_type='ExponentialMovingAverage',
         momentum=0.01, priority=49)
]
default_hooks = dict(
    timer=dict(type='IterTimerHook'),
    logger=dict(type='LoggerHook', interval=20, log_metric_by_epoch=False),
    param_scheduler=dict(type='ParamSchedulerHook'),
    checkpoint=dict(
        type='CheckpointHook', by_epoch=False, interval=600,
        max_keep_ckpts=1),
    sampler_seed=dict(type='DistSamplerSeedHook'))
log_processor = dict(by_epoch=False)
