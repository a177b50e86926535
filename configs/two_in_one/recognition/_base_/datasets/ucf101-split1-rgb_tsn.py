# RGB segments of ./ucf101-split1-rgb-flow_tsn.py.
_base_ = ['./ucf101-split1-rgb-flow_tsn.py']

train_pipeline = [
    step for step in _base_.train_pipeline
    if step['type'] not in ('KeyMapper', 'StackFlow')
]
val_pipeline = [
    step for step in _base_.val_pipeline
    if step['type'] not in ('KeyMapper', 'StackFlow')
]
test_pipeline = [
    step for step in _base_.test_pipeline
    if step['type'] not in ('KeyMapper', 'StackFlow')
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=val_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
