# Table 5.3, length x rate 16 x 4: 16-frame clips taken every 4
# frames; otherwise vanilla3d_r3d18_8xb16-16x1x1-100e_ucf101-split1-rgb.py.
_base_ = ['./vanilla3d_r3d18_8xb16-16x1x1-100e_ucf101-split1-rgb.py']

train_pipeline = [
    dict(_base_.train_pipeline[0], length=16, rate=4),
    *_base_.train_pipeline[1:]
]
test_pipeline = [
    dict(_base_.test_pipeline[0], clip_len=16, frame_interval=4),
    *_base_.test_pipeline[1:]
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
