# The benchmark's K = 6-frame test clips for two fused multi-frame streams:
# RGB, then the 3-channel flow image (x, y, magnitude) of the flow stream,
# packed as 6 channels; tubelets linked by ACT's method.
_base_ = [
    '../../multi_frame/_base_/continuity-bench-tubelets-clip-rgb-flow.py'
]

test_pipeline = _base_.test_pipeline[:-1] + [
    dict(type='AddFlowMagnitude'),
    dict(type='PackTubeletInputs')
]
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
train_dataloader = None
