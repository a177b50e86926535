# Patch-to-patch (Eq. 5.4) aligned convolution in Res2.0.conv2 of ResNet18-3D
# on UCF101
# split 1 (Table 5.2); otherwise
# aligned3d-p2point_r3d18_8xb16-16x1x1-100e_ucf101-split1-rgb.py.
_base_ = ['./aligned3d-p2point_r3d18_8xb16-16x1x1-100e_ucf101-split1-rgb.py']

model = dict(
    backbone=dict(aligned_conv_cfg=dict(type='PatchToPatchAlignedConv3d')))
