# 3D DeepLab with a patch-to-point aligned convolution in the encoder's res2
# (Table 5.8: the aligned convolution only in the encoder's residual layers).
_base_ = ['./deeplab3d_r3d18-tiny.py', './aligned.py']

model = dict(backbone=_base_.aligned_backbone)
