# J-HMDB-21 with RGB and optical flow: the flow frames (x/y JPEG pairs of
# tools/data/extract_flow.py under data_root/flow) are loaded after the RGB
# frames, as channels 4-5 of the clip.
_base_ = ['./jhmdb-rgb.py']

data_prefix = dict(_base_.data_prefix, flow=_base_.data_root + 'flow')
train_pipeline, test_pipeline, tta_pipeline = [
    p[:1] + [dict(type='LoadFlowFrames')] + p[1:]
    for p in (_base_.train_pipeline, _base_.test_pipeline, _base_.tta_pipeline)
]
train_dataloader, val_dataloader = (
    dict(dataset=dict(data_prefix=data_prefix, pipeline=pipeline))
    for pipeline in (train_pipeline, test_pipeline))
test_dataloader = val_dataloader
