# The tiny configs' schedule on a CPU: SGD with momentum and step decay as
# in the thesis (Sec. 4.4.1), at lr 1e-2 (10x the thesis' lr, which assumes
# an ImageNet-pretrained VGG-16; the tiny backbone starts from scratch),
# a 50-iteration warm-up, x0.1 at 400 and 500 of 600 iterations (batch 8:
# 4,800 of the benchmark's 14k training frames with an actor; about 5 min
# for the RGB stream on one loaded CPU core). One validation and one
# checkpoint at the end. With mmaction2's runtime.
_base_ = ['mmaction::_base_/default_runtime.py']

train_cfg = dict(type='IterBasedTrainLoop', max_iters=600, val_interval=600)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')

optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=1e-2, momentum=0.9, weight_decay=5e-4),
    clip_grad=dict(max_norm=35, norm_type=2))
param_scheduler = [
    dict(type='LinearLR', start_factor=0.1, by_epoch=False, begin=0, end=50),
    dict(
        type='MultiStepLR',
        by_epoch=False,
        begin=0,
        end=600,
        milestones=[400, 500],
        gamma=0.1)
]
default_hooks = dict(
    logger=dict(interval=50),
    checkpoint=dict(by_epoch=False, interval=600, max_keep_ckpts=1))
