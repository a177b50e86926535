# SGD with momentum 0.9, lr 0.01, weight decay 5e-4, polynomial decay over
# 600 iterations, validation and a checkpoint (the best J&F) every 300;
# mmaction2's runtime.
_base_ = ['mmaction::_base_/default_runtime.py']

optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=0.01, momentum=0.9, weight_decay=5e-4))
param_scheduler = dict(
    type='PolyLR', power=0.9, eta_min=1e-4, by_epoch=False, end=600)
train_cfg = dict(type='IterBasedTrainLoop', max_iters=600, val_interval=300)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
default_hooks = dict(
    logger=dict(interval=20),
    checkpoint=dict(
        type='CheckpointHook',
        by_epoch=False,
        interval=300,
        max_keep_ckpts=1,
        save_best='davis/J&F_mean',
        rule='greater'))
log_processor = dict(by_epoch=False)
