# Length x rate (Table 5.3): 8-frame clips of consecutive frames (8 frames
# of the video; the length of 8 x 2 at half its rate, the rate of 16 x 1
# at half its length; the test clip is the centred one, as in 16 x 1)
# instead of 16 x 1; otherwise
# aligned3d-p2point_r3d18-tiny_1xb8-16x1x1-300it_continuity-bench-recognition-fast.py.
_base_ = [
    './aligned3d-p2point_r3d18-tiny_1xb8-16x1x1-300it_continuity-bench-recognition-fast.py'  # noqa: E501
]

train_pipeline = [
    dict(_base_.train_pipeline[0], length=8, rate=1),
    *_base_.train_pipeline[1:]
]
test_pipeline = [
    dict(_base_.test_pipeline[0], length=8, rate=1),
    *_base_.test_pipeline[1:]
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
