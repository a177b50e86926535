# RGB segments of ./continuity-bench-recognition-rgb-flow_tsn.py: the same
# sampling and augmentation without the flow.
_base_ = ['./continuity-bench-recognition-rgb-flow_tsn.py']

train_pipeline = [
    step for step in _base_.train_pipeline
    if step['type'] not in ('KeyMapper', 'StackFlow')
]
test_pipeline = [
    step for step in _base_.test_pipeline
    if step['type'] not in ('KeyMapper', 'StackFlow')
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
