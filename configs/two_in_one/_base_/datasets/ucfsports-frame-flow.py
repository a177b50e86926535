# UCF-Sports' flow alone, the input of the flow stream: the pipelines of
# ucfsports-frame-rgb-flow.py ending in a 3-channel flow image (x, y,
# magnitude) packed without the RGB frame (which is still loaded: the
# geometric transforms size and flip the flow with it).
_base_ = ['./ucfsports-frame-rgb-flow.py']

flow_only = [
    dict(type='AddFlowMagnitude'),
    dict(type='PackTubeletInputs', collect_keys=('flow_imgs', ))
]
train_pipeline, test_pipeline = (
    p[:-1] + flow_only
    for p in (_base_.train_pipeline, _base_.test_pipeline))
train_dataloader, val_dataloader = (
    dict(dataset=dict(pipeline=p)) for p in (train_pipeline, test_pipeline))
test_dataloader = val_dataloader
