# Table 3.3 baseline on CIFAR-100: VGG13-BN with MaxPool (25.71 +- 0.13)
# in place of its five LiftDownPool layers; everything else as the
# LiftDownPool config.
_base_ = ['./vgg13bn-liftdownpool_1xb100-160e_cifar100.py']

model = dict(
    backbone=dict(
        pool_cfg=dict(
            _delete_=True, type='MaxPool2d', kernel_size=2, stride=2)))
