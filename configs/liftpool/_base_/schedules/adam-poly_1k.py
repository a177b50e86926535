# Adam at lr 1e-3, polynomial decay over 1000 iterations, validation and a
# checkpoint at the end; mmseg's runtime.
_base_ = ['mmseg::_base_/default_runtime.py']

optim_wrapper = dict(type='OptimWrapper', optimizer=dict(type='Adam', lr=1e-3))
param_scheduler = dict(
    type='PolyLR', power=0.9, eta_min=1e-5, by_epoch=False, end=1000)
train_cfg = dict(type='IterBasedTrainLoop', max_iters=1000, val_interval=1000)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
default_hooks = dict(
    logger=dict(type='LoggerHook', interval=20, log_metric_by_epoch=False),
    checkpoint=dict(
        type='CheckpointHook',
        by_epoch=False,
        interval=1000,
        max_keep_ckpts=1))
log_processor = dict(by_epoch=False)
