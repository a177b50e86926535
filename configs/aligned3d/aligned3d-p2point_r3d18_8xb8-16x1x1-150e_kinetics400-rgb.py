# Kinetics-400 (Table 5.7): ResNet18-3D with a patch-to-point aligned
# Res2.0.conv2 from scratch, 16x112x112 clips, 150 epochs at
# lr 0.01, batch 64 (8 GPUs x 8); its checkpoint initialises HMDB51 and
# DAVIS-2016.
_base_ = [
    './_base_/models/r3d18_aligned.py', './_base_/datasets/kinetics400-rgb.py',
    './_base_/schedules/sgd-cosine_150e.py'
]

custom_imports = dict(imports=['mmcontinuity'], allow_failed_imports=False)
model = dict(cls_head=dict(num_classes=_base_.num_classes))
