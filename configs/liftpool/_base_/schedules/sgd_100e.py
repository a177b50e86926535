# SGD with momentum 0.9, lr 0.1, weight decay 5e-4, cosine decay over 100
# epochs, validation and a checkpoint every 20 epochs; mmpretrain's runtime.
_base_ = ['mmpretrain::_base_/default_runtime.py']

optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=0.1, momentum=0.9, weight_decay=5e-4))
param_scheduler = dict(type='CosineAnnealingLR', by_epoch=True, T_max=100)
train_cfg = dict(by_epoch=True, max_epochs=100, val_interval=20)
val_cfg = dict()
test_cfg = dict()
default_hooks = dict(
    logger=dict(interval=10),
    checkpoint=dict(type='CheckpointHook', interval=20, max_keep_ckpts=1))
