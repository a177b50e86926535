# adam-ema_600it.py over 40,000 iterations (about 60 epochs of VOC 2012 aug
# or 70 of COCO-Stuff 10k at batch 16), validation and a checkpoint every
# 4,000, Polyak averaging with PixelCNN++'s decay 0.9995.
_base_ = ['./adam-ema_600it.py']

train_cfg = dict(max_iters=40000, val_interval=4000)
custom_hooks = [
    dict(type='EMAHook', ema_type='ExponentialMovingAverage',
         momentum=0.0005, priority=49)
]
default_hooks = dict(
    logger=dict(interval=50), checkpoint=dict(interval=4000))
