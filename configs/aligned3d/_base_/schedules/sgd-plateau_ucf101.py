# UCF101 from scratch (Sec. 5.4.1): SGD, lr 0.1, momentum 0.9, weight decay
# 5e-4, the lr x 0.1 when the validation score stops improving (patience 5
# epochs, at most 100 epochs). The thesis watches the validation loss;
# mmaction2's AccMetric reports no loss, so the plateau is watched on the
# validation top-1. mmaction2's runtime; the best top-1 checkpoint is kept.
_base_ = ['mmaction::_base_/default_runtime.py']

train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=100, val_interval=1)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=0.1, momentum=0.9, weight_decay=5e-4),
    clip_grad=dict(max_norm=40, norm_type=2))
param_scheduler = dict(
    type='ReduceOnPlateauLR',
    monitor='acc/top1',
    rule='greater',
    factor=0.1,
    patience=5,
    min_value=1e-5)
default_hooks = dict(
    checkpoint=dict(interval=5, max_keep_ckpts=2, save_best='acc/top1'))
