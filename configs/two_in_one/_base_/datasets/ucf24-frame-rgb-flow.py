# UCF101-24 frames (ucf24-frame-rgb.py) with their optical flow loaded after
# each frame, as channels 4-5: the input of the two-in-one stream. The flow
# type is the flow folder: by default ACT's BroxFlow images (`brox-images`,
# one colour image per frame, the thesis' flow); the ablations read the
# x/y pairs of tools/data/extract_flow.py (`flow_tvl1`, `flow_farneback`).
_base_ = ['./ucf24-frame-rgb.py']

flow_dir = 'brox-images'
flow_loader = dict(type='LoadFlowFrames', layout='brox', tmpl='{:05d}.jpg')
data_prefix = dict(_base_.data_prefix, flow=_base_.data_root + flow_dir)
train_pipeline, test_pipeline = [
    p[:1] + [flow_loader] + p[1:]
    for p in (_base_.train_pipeline, _base_.test_pipeline)
]
train_dataloader, val_dataloader = (
    dict(dataset=dict(data_prefix=data_prefix, pipeline=pipeline))
    for pipeline in (train_pipeline, test_pipeline))
test_dataloader = val_dataloader
