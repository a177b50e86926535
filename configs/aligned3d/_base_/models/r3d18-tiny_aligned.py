# The benchmark's narrow ResNet18-3D with a patch-to-point aligned
# convolution in res2.
_base_ = ['./r3d18-tiny.py', './aligned.py']

model = dict(backbone=_base_.aligned_backbone)
