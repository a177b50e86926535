# ResNet18-3D of Table C.1 narrowed for the CPU benchmark: 16 base channels
# (64 -> 128 at res5), conv1 3x7x7 (Table C.1: 7x7x7; 40 % faster at
# 16x64x64), 6 classes. The vanilla baseline of the benchmark configs.
_base_ = ['./r3d18.py']

num_classes = 6
model = dict(
    backbone=dict(base_channels=16, conv1_kernel=(3, 7, 7)),
    cls_head=dict(in_channels=128, num_classes=num_classes))
