# The benchmark's test frames for two fused streams: RGB, then the 3-channel
# flow image (x, y, magnitude; AddFlowMagnitude) of the flow stream, packed
# as 6 channels; the appearance stream reads 3 (RGB) or 5 (two-in-one).
_base_ = ['../../_base_/datasets/continuity-bench-tubelets-frame-rgb-flow.py']

test_pipeline = _base_.test_pipeline[:-1] + [
    dict(type='AddFlowMagnitude'),
    dict(type='PackTubeletInputs')
]
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
train_dataloader = None
