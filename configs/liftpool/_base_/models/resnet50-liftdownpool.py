# ResNet-50 (mmpretrain's, ImageNet) whose stem max-pooling is a
# LiftDownPool2d: the ResNet-18 model of Table 3.4 at depth 50.
_base_ = ['./resnet18-liftdownpool.py']
model = dict(backbone=dict(depth=50), head=dict(in_channels=2048))
