# LiftUpPool vs max-unpooling on the CPU benchmark (Table 3.6 in small),
# the recipe that learns digits: the SegNet of the tiny VGG13-BN (widths
# 16-128) with LiftDownPool keeping LL / the paired LiftUpPool, its encoder
# initialised from the benchmark's tiny LiftDownPool VGG13 classifier
# (as SegNet starts from an ImageNet VGG; train it first with
# vgg13-tiny-liftdownpool_1xb32-12e_continuity-bench-cls.py), the per-pixel
# classifier starting at the training split's class frequencies, Adam 3e-3
# for 500 iterations of 8 whole images at 64x64; mIoU on the 200 val images.
_base_ = [
    './_base_/models/segnet-vgg13-liftuppool.py',
    './_base_/datasets/continuity-bench-seg-64x64.py',
    './_base_/schedules/adam-poly_1k.py'
]
norm_cfg = dict(type='BN', requires_grad=True)
#: pixel frequency of background and digits 0-9 in the 300 training maps
class_priors = [
    0.8914, 0.0120, 0.0110, 0.0097, 0.0132, 0.0093, 0.0108, 0.0110, 0.0095,
    0.0114, 0.0107
]
model = dict(
    data_preprocessor=dict(size=(64, 64)),
    backbone=dict(
        base_channels=16,
        norm_cfg=norm_cfg,
        init_cfg=dict(
            type='Pretrained',
            prefix='backbone.',
            checkpoint='work_dirs/vgg13-tiny-liftdownpool/seed0/'
            'epoch_12.pth')),
    decode_head=dict(
        in_channels=16,
        channels=16,
        num_classes=11,
        norm_cfg=norm_cfg,
        init_cfg=dict(
            type='Normal',
            std=0.01,
            override=dict(
                name='conv_seg',
                type='ClassPrior',
                std=0.01,
                priors=class_priors))))
optim_wrapper = dict(optimizer=dict(lr=3e-3))
param_scheduler = dict(end=500)
train_cfg = dict(max_iters=500, val_interval=500)
default_hooks = dict(checkpoint=dict(interval=500))
