# Patch-to-point aligned convolution (correlation offsets, Res2.0.conv2) in
# ResNet18-3D on UCF101 split 1 from scratch (Tables 5.2, 5.3, C.2): 16x112
# x112 clips, multi-scale crop, SGD lr 0.1 reduced x0.1 on a validation
# plateau; test = centre crop, scores averaged over the video's clips.
_base_ = [
    './_base_/models/r3d18_aligned.py', './_base_/datasets/ucf101-split1-rgb.py',  # noqa: E501
    './_base_/schedules/sgd-plateau_ucf101.py'
]

custom_imports = dict(imports=['mmcontinuity'], allow_failed_imports=False)
model = dict(cls_head=dict(num_classes=_base_.num_classes))
