# TSN fine-tuning on UCF101 (8 GPUs x 32 segments-triplets): SGD 1e-3,
# momentum 0.9, step decay, validation every 5 epochs. 100 epochs: where the
# thesis' two-in-one TSN converges (Sec. 4.4); the RGB (200) and flow (300)
# configs lengthen it.
_base_ = ['mmaction::_base_/default_runtime.py']

train_cfg = dict(
    type='EpochBasedTrainLoop', max_epochs=100, val_begin=1, val_interval=5)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=0.001, momentum=0.9, weight_decay=5e-4),
    clip_grad=dict(max_norm=40, norm_type=2))
param_scheduler = [
    dict(type='MultiStepLR', begin=0, end=100, by_epoch=True,
         milestones=[60, 90], gamma=0.1)
]
default_hooks = dict(checkpoint=dict(interval=5, max_keep_ckpts=3))
auto_scale_lr = dict(enable=False, base_batch_size=256)
