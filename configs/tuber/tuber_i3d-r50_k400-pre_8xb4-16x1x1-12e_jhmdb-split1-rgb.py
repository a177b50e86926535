# TubeR I3D-R50 on J-HMDB-21 split 1 with 16-frame clips (the input lengths
# of Table 6.1e), dense tubelets (T_out = 16). J-HMDB videos have 15-40
# frames: a video shorter than a clip gives one clip that repeats its last
# frame (pad_short), and the stitching averages the repeated frames.
_base_ = ['./tuber_i3d-r50_k400-pre_8xb4-7x1x1-12e_jhmdb-split1-rgb.py']

clip_len = 16
model = dict(queries=dict(num_frames=clip_len))
train_dataloader = dict(
    dataset=dict(clip_len=clip_len, clip_stride=clip_len, pad_short=True))
val_dataloader = dict(dataset=dict(clip_len=clip_len, pad_short=True))
test_dataloader = val_dataloader
