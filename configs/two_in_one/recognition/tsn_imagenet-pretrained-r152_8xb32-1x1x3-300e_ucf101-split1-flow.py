# Flow TSN on UCF101 split 1 (Table 4.1 right, flow row): ResNet-152 on one
# flow frame per segment, 300 epochs (where the thesis' flow stream
# converges, Sec. 4.4).
_base_ = [
    './_base_/models/tsn_r152_flow.py',
    './_base_/datasets/ucf101-split1-flow_tsn.py',
    './_base_/schedules/sgd_100e_ucf101.py'
]
custom_imports = dict(imports=['mmcontinuity'], allow_failed_imports=False)
train_cfg = dict(max_epochs=300)
param_scheduler = [
    dict(type='MultiStepLR', begin=0, end=300, by_epoch=True,
         milestones=[180, 270], gamma=0.1)
]
