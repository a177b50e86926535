# TubeR with an I3D-R50 backbone (Kinetics-400) on AVA v2.1, 16 frames every
# 4th frame (Table 6.2, comparison to end-to-end models): the AVA model of
# the irCSN-50 config (6 + 6 layers, sigmoid classes, key-frame output) on
# mmaction2's I3D, which strides time by 4 (conv1 and pool1; pool2
# removed): 16 input frames give T_out = 4.
_base_ = [
    './_base_/models/tuber_i3d-r50.py', './_base_/datasets/ava21-rgb.py',
    './_base_/schedules/adamw-plateau_20e_ava.py'
]

model = dict(
    backbone=dict(conv1_stride_t=2, pool1_stride_t=2),
    queries=dict(num_frames=4),
    encoder=dict(num_layers=6),
    decoder=dict(num_layers=6),
    cls_head=dict(num_classes=_base_.num_classes, multi_label=True),
    test_cfg=dict(_delete_=True, output='keyframe', inclusive_boxes=False))

clip_len = 16
frame_interval = 4
sampling = dict(clip_len=clip_len, frame_interval=frame_interval)
train_pipeline = [
    dict(_base_.train_pipeline[0], **sampling), *_base_.train_pipeline[1:]
]
val_pipeline = [
    dict(_base_.val_pipeline[0], **sampling), *_base_.val_pipeline[1:]
]
tta_pipeline = [
    dict(_base_.tta_pipeline[0], **sampling), *_base_.tta_pipeline[1:]
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=val_pipeline))
test_dataloader = val_dataloader
del sampling
