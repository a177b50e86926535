# ResNet18-3D (Table C.1) with a patch-to-point aligned convolution in res2.
_base_ = ['./r3d18.py', './aligned.py']

model = dict(backbone=_base_.aligned_backbone)
