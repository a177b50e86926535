# A narrow VGG13-BN (widths 16, 32, 64, 128, 128) for the benchmark's 32x32
# digits: the CIFAR model (five LiftDownPool2d layers, K = 5, the four
# sub-bands summed; the regularisers of Eq. 3.8) with 10 classes.
_base_ = ['./vgg13bn-liftdownpool_cifar100.py']
model = dict(
    backbone=dict(base_channels=16),
    head=dict(num_classes=10, in_channels=128, topk=(1, )))
data_preprocessor = dict(
    num_classes=10,
    mean=[123.675, 116.28, 103.53],
    std=[58.395, 57.12, 57.375],
    to_rgb=True)
