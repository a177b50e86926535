# TubeR I3D-R50 7x1 on UCF101-24, optical flow alone
# (_base_/models/tuber_i3d-r50_flow.py, random weights): the flow stream of
# the late fusion tuber-late-fusion_i3d-r50_..._20e_ucf24-rgb-flow.py (the
# RGB stream: tuber_i3d-r50_k400-pre_8xb4-7x1x1-20e_ucf24-rgb.py).
_base_ = [
    './_base_/models/tuber_i3d-r50_flow.py', './_base_/datasets/ucf24-flow.py',
    './_base_/schedules/adamw-plateau_20e.py'
]

model = dict(
    queries=dict(num_frames=_base_.clip_len),
    cls_head=dict(num_classes=_base_.num_classes))
# a backbone from random weights: the transformer's lr, not the 0.1x of a
# Kinetics-initialised one
optim_wrapper = dict(
    paramwise_cfg=dict(custom_keys={'backbone': dict(lr_mult=1.0)}))
