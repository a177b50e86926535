# The benchmark's frames (continuity-bench-tubelets-frame-rgb.py) with its
# exact optical flow (x/y JPEG pairs next to the frames) loaded after each
# frame, as channels 4-5: the input of the two-in-one stream. The geometric
# transforms move the flow with the frame; the colour jitter leaves it.
_base_ = ['./continuity-bench-tubelets-frame-rgb.py']

flow_dir = 'flow'
data_prefix = dict(_base_.data_prefix, flow=_base_.data_root + flow_dir)
train_pipeline, test_pipeline = [
    p[:1] + [dict(type='LoadFlowFrames')] + p[1:]
    for p in (_base_.train_pipeline, _base_.test_pipeline)
]
train_dataloader, val_dataloader = (
    dict(dataset=dict(data_prefix=data_prefix, pipeline=pipeline))
    for pipeline in (train_pipeline, test_pipeline))
test_dataloader = val_dataloader
