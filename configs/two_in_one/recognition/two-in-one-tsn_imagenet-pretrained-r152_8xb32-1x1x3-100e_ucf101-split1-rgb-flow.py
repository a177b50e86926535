# Two-in-one TSN on UCF101 split 1 (Table 4.1 right, two-in-one row):
# ResNet-152 modulated by flow after layer1, 100 epochs (Sec. 4.4).
_base_ = [
    './_base_/models/tsn_r152_two-in-one.py',
    './_base_/datasets/ucf101-split1-rgb-flow_tsn.py',
    './_base_/schedules/sgd_100e_ucf101.py'
]
custom_imports = dict(imports=['mmcontinuity'], allow_failed_imports=False)
