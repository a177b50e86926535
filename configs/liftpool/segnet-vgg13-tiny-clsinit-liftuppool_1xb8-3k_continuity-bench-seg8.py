# The tiny SegNet recipe that learns digit identity and generalises
# (Table 3.6 in small, LiftUpPool): the clsinit SegNet (encoder from the
# tiny LiftDownPool VGG13 classifier, ClassPrior head, Adam 3e-3, 8 whole
# images at 64x64), trained on the `segmentation` split generated at
# `--scale 8` (2400 training images, the first 300 those of scale 1;
# `python tools/data/make_continuity_bench.py --out data/continuity_bench_seg8
# --splits segmentation --scale 8`) with median-frequency class weights, the
# pretrained encoder at a tenth of the learning rate (the decoder, the head
# and LiftPool's P and U, shared by the paired down and up layers, at the
# full rate), 3000 iterations; validation on the scale-1 split's 200 val
# images (the first 200 of scale 8, byte for byte), as in the 500-iteration
# tables.
_base_ = [
    './segnet-vgg13-tiny-clsinit-liftuppool_1xb8-500it_'
    'continuity-bench-seg.py'
]
#: pixel frequency of background and digits 0-9 in the 2400 training maps
class_priors = [
    0.8926, 0.0115, 0.0114, 0.0103, 0.0101, 0.0108, 0.0104, 0.0109, 0.0097,
    0.0111, 0.0112
]
#: median frequency balancing: median(class_priors) / class_priors
#: (median 0.0109), so that each digit weighs about as much as the others
#: and the background about 1 / 80 of a digit
class_weight = [
    0.0122, 0.9478, 0.9561, 1.0583, 1.0792, 1.0093, 1.0481, 1.0, 1.1237,
    0.982, 0.9732
]
model = dict(
    decode_head=dict(
        init_cfg=dict(override=dict(priors=class_priors)),
        loss_decode=dict(class_weight=class_weight)))
train_dataloader = dict(
    dataset=dict(data_root='data/continuity_bench_seg8/segmentation/'))
optim_wrapper = dict(
    paramwise_cfg=dict(custom_keys=dict(encoder=dict(lr_mult=0.1))))
param_scheduler = dict(end=3000)
train_cfg = dict(max_iters=3000, val_interval=3000)
default_hooks = dict(checkpoint=dict(interval=3000))
