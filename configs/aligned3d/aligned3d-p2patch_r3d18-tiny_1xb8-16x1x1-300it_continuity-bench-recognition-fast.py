# Patch-to-patch aligned 3D convolution (Eq. 5.4): every tap of a window
# shifted by the offset at its centre (Table 5.2).
_base_ = [
    './aligned3d-p2point_r3d18-tiny_1xb8-16x1x1-300it_continuity-bench-recognition-fast.py'  # noqa: E501
]

model = dict(
    backbone=dict(aligned_conv_cfg=dict(type='PatchToPatchAlignedConv3d')))
