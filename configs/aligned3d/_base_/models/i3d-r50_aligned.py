# I3D ResNet-50 (mmaction2's i3d_r50 base: inflated ImageNet ResNet-50,
# 3x1x1 bottlenecks in the inflated blocks) with a patch-to-point aligned
# convolution in the first block of res2 (its 3x1x1 conv1), Table 5.4.
_base_ = ['mmaction::_base_/models/i3d_r50.py', './aligned.py']

model = dict(
    backbone=dict(
        _base_.aligned_backbone,
        aligned=((1, 0, 0), 0, 0, 0),
        zero_init_residual=False))
