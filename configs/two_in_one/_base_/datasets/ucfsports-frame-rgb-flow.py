# The frames of ucfsports-frame-rgb.py with their BroxFlow images loaded after
# each frame, as channels 4-5 (as ucf24-frame-rgb-flow.py).
_base_ = ['./ucfsports-frame-rgb.py']

flow_dir = 'FlowBrox04'
flow_loader = dict(type='LoadFlowFrames', layout='brox', tmpl='{:06d}.jpg')
data_prefix = dict(_base_.data_prefix, flow=_base_.data_root + flow_dir)
train_pipeline, test_pipeline = [
    p[:1] + [flow_loader] + p[1:]
    for p in (_base_.train_pipeline, _base_.test_pipeline)
]
train_dataloader, val_dataloader = (
    dict(dataset=dict(data_prefix=data_prefix, pipeline=pipeline))
    for pipeline in (train_pipeline, test_pipeline))
test_dataloader = val_dataloader
