# Table 3.2 (kernel size): P and U of every LiftDownPool layer with K = 2
# (default 5), VGG13-BN on CIFAR-100.
_base_ = ['../vgg13bn-liftdownpool_1xb100-160e_cifar100.py']

model = dict(backbone=dict(pool_cfg=dict(kernel_size=2)))
