# Table 3.3 baseline on CIFAR-100: VGG13-BN with Skip, a stride-2 convolution
# (27.09 +- 0.11) in place of its five LiftDownPool layers; everything else as
# the LiftDownPool config.
_base_ = ['./vgg13bn-liftdownpool_1xb100-160e_cifar100.py']

model = dict(backbone=dict(pool_cfg=dict(_delete_=True, type='Subsample2d')))
