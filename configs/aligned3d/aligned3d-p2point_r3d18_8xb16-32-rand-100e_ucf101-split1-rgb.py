# Table 5.3, "32-rand": N-rand sampling (one random frame of each of 32
# equal segments of the video; centre frames at test, one clip) instead of
# 16 x 1; otherwise
# aligned3d-p2point_r3d18_8xb16-16x1x1-100e_ucf101-split1-rgb.py.
_base_ = ['./aligned3d-p2point_r3d18_8xb16-16x1x1-100e_ucf101-split1-rgb.py']

train_pipeline = [
    dict(type='SegmentRandomSample', num_segments=32),
    *_base_.train_pipeline[1:]
]
test_pipeline = [
    dict(type='SegmentRandomSample', num_segments=32, test_mode=True),
    *_base_.test_pipeline[1:]
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
