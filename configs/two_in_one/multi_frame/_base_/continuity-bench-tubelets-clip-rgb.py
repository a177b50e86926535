# K = 6-frame clips instead of the single frames of
# ../../_base_/datasets/continuity-bench-tubelets-frame-rgb.py
# (the benchmark's tubelets split): a clip at every start frame, in
# training and, for ACT's tubelet linking, at test time; tubelets linked
# into tubes by ACT's method (TubeletVideoMAP, linking='act').
_base_ = ['../../_base_/datasets/continuity-bench-tubelets-frame-rgb.py']

clip = dict(mode='clip', clip_len=6, clip_stride=1)
train_dataloader = dict(dataset=clip)
val_dataloader = dict(dataset=clip)
test_dataloader = val_dataloader
val_evaluator = dict(linking='act')
test_evaluator = val_evaluator
