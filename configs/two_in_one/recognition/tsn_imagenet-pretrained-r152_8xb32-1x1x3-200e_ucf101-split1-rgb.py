# RGB TSN on UCF101 split 1 (Table 4.1 right, RGB row): ResNet-152,
# 200 epochs (where the thesis' RGB stream converges, Sec. 4.4).
_base_ = [
    './_base_/models/tsn_r152.py',
    './_base_/datasets/ucf101-split1-rgb_tsn.py',
    './_base_/schedules/sgd_100e_ucf101.py'
]
custom_imports = dict(imports=['mmcontinuity'], allow_failed_imports=False)
train_cfg = dict(max_epochs=200)
param_scheduler = [
    dict(type='MultiStepLR', begin=0, end=200, by_epoch=True,
         milestones=[120, 180], gamma=0.1)
]
