# TubeR I3D-R50 7x1 on J-HMDB-21 split 2.
_base_ = ['./tuber_i3d-r50_k400-pre_8xb4-7x1x1-12e_jhmdb-split1-rgb.py']

split = 2
train_dataloader = dict(dataset=dict(split=split))
val_dataloader = dict(dataset=dict(split=split))
test_dataloader = val_dataloader
val_evaluator = dict(split=split)
test_evaluator = val_evaluator
