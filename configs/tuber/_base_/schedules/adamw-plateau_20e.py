# Sec. 6.4.1: AdamW, lr 1e-4 (transformer) and 1e-5 (backbone), weight decay
# 1e-4, lr divided by 10 when the validation result (video-mAP@0.5) stops
# improving, 20 epochs; gradient clipping and a 500-iteration warm-up (not in
# the thesis, see configs/tuber/README.md). With mmaction2's runtime.
_base_ = ['mmaction::_base_/default_runtime.py']

train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=20, val_interval=1)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')

optim_wrapper = dict(
    optimizer=dict(type='AdamW', lr=1e-4, weight_decay=1e-4),
    paramwise_cfg=dict(custom_keys={'backbone': dict(lr_mult=0.1)}),
    clip_grad=dict(max_norm=0.1, norm_type=2))
param_scheduler = [
    dict(type='LinearLR', start_factor=0.1, by_epoch=False, begin=0, end=500),
    dict(
        type='ReduceOnPlateauLR',
        monitor='tubelet/v-mAP@0.5',
        rule='greater',
        factor=0.1,
        patience=2,
        by_epoch=True),
]
default_hooks = dict(
    checkpoint=dict(
        interval=1,
        max_keep_ckpts=3,
        save_best='tubelet/v-mAP@0.5',
        rule='greater'))
