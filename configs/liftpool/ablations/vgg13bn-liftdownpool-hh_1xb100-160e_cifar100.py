# Table 3.1 (flexibility): LiftDownPool keeping only the HH sub-band as
# the pooled map, VGG13-BN on CIFAR-100.
_base_ = ['../vgg13bn-liftdownpool_1xb100-160e_cifar100.py']

model = dict(backbone=dict(pool_cfg=dict(sub_bands=('HH', ))))
