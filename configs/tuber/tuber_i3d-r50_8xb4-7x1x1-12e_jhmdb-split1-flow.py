# TubeR I3D-R50 7x1 on J-HMDB-21 split 1, optical flow alone: the model and
# backbone lr of ..._20e_ucf24-flow.py, 12 epochs; the flow stream of the
# late fusion tuber-late-fusion_i3d-r50_..._12e_jhmdb-split1-rgb-flow.py (the
# RGB stream: tuber_i3d-r50_k400-pre_8xb4-7x1x1-12e_jhmdb-split1-rgb.py).
_base_ = [
    './_base_/models/tuber_i3d-r50_flow.py', './_base_/datasets/jhmdb-flow.py',
    './_base_/schedules/adamw-plateau_20e.py'
]

model = dict(
    queries=dict(num_frames=_base_.clip_len),
    cls_head=dict(num_classes=_base_.num_classes))
train_cfg = dict(max_epochs=12)
optim_wrapper = dict(
    paramwise_cfg=dict(custom_keys={'backbone': dict(lr_mult=1.0)}))
