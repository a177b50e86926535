# HMDB51 split 1 (Table 5.7) from the Kinetics-400 model
# (vanilla3d_r3d18_8xb8-16x1x1-150e_kinetics400-rgb.py, its best
# checkpoint at load_from), the UCF101 pipelines; fine-tuning at lr 0.01
# (the thesis gives no HMDB51 lr: our choice) with the plateau schedule.
_base_ = [
    './_base_/models/r3d18.py', './_base_/datasets/hmdb51-split1-rgb.py',
    './_base_/schedules/sgd-plateau_ucf101.py'
]

custom_imports = dict(imports=['mmcontinuity'], allow_failed_imports=False)
model = dict(cls_head=dict(num_classes=_base_.num_classes))
optim_wrapper = dict(optimizer=dict(lr=0.01))
load_from = ('work_dirs/vanilla3d_r3d18_8xb8-16x1x1-150e_kinetics400-rgb/'
             'best.pth')
