# 3D DeepLab (App. C.2, Fig. C.1) on the benchmark's narrow ResNet18-3D
# encoder (../r3d18-tiny.py, every stage's output as a skip): ASPP with
# dilations 1/6/12/18 and global pooling on res5, a decoder of 3D
# up-sampling + concatenated skip + 3x3x3 convolution per level, 32
# channels, 2 classes (background, object), the object class weighted 10
# in the cross-entropy as in the per-frame baseline (it covers about 0.6 %
# of the pixels). Clips of 8 frames.
_base_ = ['./r3d18-tiny.py']

model = dict(
    _delete_=True,
    type='DeepLab3D',
    backbone=dict(_base_.model.backbone, out_indices=(0, 1, 2, 3)),
    channels=32,
    num_classes=2,
    dilations=(1, 6, 12, 18),
    loss=dict(type='CrossEntropyLoss', class_weight=[1.0, 10.0]),
    data_preprocessor=_base_.model.data_preprocessor)
