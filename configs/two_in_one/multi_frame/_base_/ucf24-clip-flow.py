# K = 6-frame clips instead of the single frames of
# ../../_base_/datasets/ucf24-frame-flow.py
# (UCF101-24): a clip at every start frame, in training and,
# for ACT's tubelet linking, at test time; tubelets linked into tubes by
# ACT's method (TubeletVideoMAP, linking='act').
_base_ = ['../../_base_/datasets/ucf24-frame-flow.py']

clip = dict(mode='clip', clip_len=6, clip_stride=1)
train_dataloader = dict(dataset=clip)
val_dataloader = dict(dataset=clip)
test_dataloader = val_dataloader
val_evaluator = dict(linking='act')
test_evaluator = val_evaluator
