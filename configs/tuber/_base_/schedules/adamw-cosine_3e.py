# The tiny configs' schedule on a CPU: AdamW and gradient clipping as in the
# thesis (Sec. 6.4.1) at lr 1e-3 (10x the thesis' lr, which assumes a
# Kinetics-pretrained backbone), a 50-iteration warm-up and a cosine decay
# over 5,000 iterations: 3 epochs of the benchmark's 400 training videos at
# batch 2. With mmaction2's runtime.
_base_ = ['mmaction::_base_/default_runtime.py']

train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=3, val_interval=3)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')

optim_wrapper = dict(
    optimizer=dict(type='AdamW', lr=1e-3, weight_decay=1e-4),
    clip_grad=dict(max_norm=0.1, norm_type=2))
param_scheduler = [
    dict(type='LinearLR', start_factor=0.1, by_epoch=False, begin=0, end=50),
    dict(
        type='CosineAnnealingLR',
        eta_min=1e-5,
        by_epoch=False,
        begin=50,
        end=5000),
]
default_hooks = dict(
    logger=dict(interval=20),
    checkpoint=dict(interval=1, max_keep_ckpts=1, save_best=None))
