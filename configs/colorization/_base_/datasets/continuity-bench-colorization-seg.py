# The `colorization` split as a segmentation data set: the colour images and
# their class maps (mIoU); the test pipeline resizes any input to 128x128,
# so that ColorizationMetric can segment colorized images with it.
_base_ = ['./continuity-bench-colorization.py']

train_pipeline = [
    dict(type='CheckedLoadImageFromFile'),
    dict(type='CheckedLoadAnnotations'),
    dict(type='PackSegInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='Resize', scale=(128, 128), keep_ratio=False),
    dict(type='LoadAnnotations'),
    dict(type='PackSegInputs'),
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
val_evaluator = dict(_delete_=True, type='IoUMetric', iou_metrics=['mIoU'])
test_evaluator = val_evaluator
