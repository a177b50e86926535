# Table 3.3 baseline on CIFAR-100: VGG13-BN with AveragePool (25.87 +- 0.03)
# in place of its five LiftDownPool layers; everything else as the
# LiftDownPool config.
_base_ = ['./vgg13bn-liftdownpool_1xb100-160e_cifar100.py']

model = dict(
    backbone=dict(
        pool_cfg=dict(
            _delete_=True, type='AvgPool2d', kernel_size=2, stride=2)))
