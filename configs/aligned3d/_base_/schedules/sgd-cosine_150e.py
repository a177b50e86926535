# Kinetics-400 (Sec. 5.4.1): 150 epochs at the initial lr 0.01, batch 64;
# SGD with momentum 0.9 and weight decay 1e-4, a cosine decay (the thesis
# gives no decay for Kinetics: our choice), validation every 5 epochs.
_base_ = ['mmaction::_base_/default_runtime.py']

train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=150, val_interval=5)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=0.01, momentum=0.9, weight_decay=1e-4),
    clip_grad=dict(max_norm=40, norm_type=2))
param_scheduler = dict(
    type='CosineAnnealingLR', T_max=150, eta_min=0, by_epoch=True)
default_hooks = dict(
    checkpoint=dict(interval=5, max_keep_ckpts=2, save_best='acc/top1'))
auto_scale_lr = dict(enable=False, base_batch_size=64)
