# TubeR I3D-R50 on UCF101-24 with 8-frame clips (Table 6.1e), dense
# tubelets (T_out = 8).
_base_ = ['./tuber_i3d-r50_k400-pre_8xb4-7x1x1-20e_ucf24-rgb.py']

clip_len = 8
model = dict(queries=dict(num_frames=clip_len))
train_dataloader = dict(dataset=dict(clip_len=clip_len, clip_stride=clip_len))
val_dataloader = dict(dataset=dict(clip_len=clip_len))
test_dataloader = val_dataloader
