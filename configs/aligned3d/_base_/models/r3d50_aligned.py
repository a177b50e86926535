# ResNet50-3D (Table 5.4): 3x3x3 bottlenecks (inflate_style '3x3x3'), the
# stem and strides of ./r3d18.py, its 2D ImageNet weights inflated
# (torchvision's ResNet-50, pretrained2d), with a patch-to-point aligned
# convolution in the first block of res2 (its 3x3x3 conv2).
_base_ = ['./r3d18.py', './aligned.py']

model = dict(
    backbone=dict(
        _base_.aligned_backbone,
        aligned=((1, 0, 0), 0, 0, 0),
        depth=50,
        pretrained='torchvision://resnet50',
        pretrained2d=True,
        inflate_style='3x3x3'),
    cls_head=dict(in_channels=2048))
