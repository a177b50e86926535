# The 3D baseline of Tables 5.2 / 5.3: vanilla ResNet18-3D (Table C.1) on
# UCF101 split 1 from scratch, the training and test of
# aligned3d-p2point_r3d18_8xb16-16x1x1-100e_ucf101-split1-rgb.py.
_base_ = [
    './_base_/models/r3d18.py', './_base_/datasets/ucf101-split1-rgb.py',
    './_base_/schedules/sgd-plateau_ucf101.py'
]

custom_imports = dict(imports=['mmcontinuity'], allow_failed_imports=False)
model = dict(cls_head=dict(num_classes=_base_.num_classes))
