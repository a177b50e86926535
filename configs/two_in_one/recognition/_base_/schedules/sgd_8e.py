# SGD with momentum, step decay (the thesis' TSN schedule shape) over 8
# epochs of the tiny recognition split, validation after every epoch: the
# convergence curves of Sec. 4.4 (tools/analysis/plot_val_curves.py), on
# mmaction2's default runtime.
_base_ = ['mmaction::_base_/default_runtime.py']

train_cfg = dict(
    type='EpochBasedTrainLoop', max_epochs=8, val_begin=1, val_interval=1)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=0.01, momentum=0.9, weight_decay=1e-4),
    clip_grad=dict(max_norm=40, norm_type=2))
param_scheduler = [
    dict(type='MultiStepLR', begin=0, end=8, by_epoch=True,
         milestones=[6, 7], gamma=0.1)
]
default_hooks = dict(
    logger=dict(interval=5),
    checkpoint=dict(interval=8, max_keep_ckpts=1))
