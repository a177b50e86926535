# TubeR irCSN-50 32x2 on AVA v2.2 (annotations of v2.2, otherwise as v2.1).
_base_ = [
    './_base_/models/tuber_ircsn-r50.py', './_base_/datasets/ava22-rgb.py',
    './_base_/schedules/adamw-plateau_20e_ava.py'
]

model = dict(cls_head=dict(num_classes=_base_.num_classes))
