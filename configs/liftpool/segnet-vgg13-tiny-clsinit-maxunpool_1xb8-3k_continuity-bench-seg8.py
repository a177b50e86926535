# Baseline of the tiny SegNet recipe on the scale-8 split: max pooling with
# indices / max-unpooling, the encoder initialised from the benchmark's
# tiny MaxPool VGG13 classifier (vgg13-tiny-maxpool_1xb32-12e_continuity-
# bench-cls.py); everything else as the LiftUpPool config.
_base_ = [
    './segnet-vgg13-tiny-clsinit-liftuppool_1xb8-3k_'
    'continuity-bench-seg8.py'
]

model = dict(
    backbone=dict(
        sampling_cfg=dict(_delete_=True, type='MaxUnpoolSampling'),
        init_cfg=dict(
            checkpoint='work_dirs/vgg13-tiny-maxpool/seed0/epoch_12.pth')))
