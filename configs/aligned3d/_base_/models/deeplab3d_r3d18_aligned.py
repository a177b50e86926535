# 3D DeepLab (App. C.2, Fig. C.1) on ResNet18-3D (Table C.1) with a
# patch-to-point aligned Res2.0.conv2, 256 channels in the ASPP and the
# decoder, the object class weighted 10 as on the benchmark.
_base_ = ['./deeplab3d_r3d18-tiny_aligned.py']

model = dict(
    backbone=dict(base_channels=64, conv1_kernel=(7, 7, 7)), channels=256)
