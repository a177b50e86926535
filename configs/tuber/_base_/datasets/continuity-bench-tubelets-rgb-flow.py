# The benchmark's `tubelets` split with its exact optical flow (written by
# make_continuity_bench.py next to the frames, x/y JPEG pairs) loaded after
# the RGB frames, as channels 4-5 of the clip.
_base_ = ['./continuity-bench-tubelets-rgb.py']

data_prefix = dict(_base_.data_prefix, flow=_base_.data_root + 'flow')
train_pipeline, test_pipeline = [
    p[:1] + [dict(type='LoadFlowFrames')] + p[1:]
    for p in (_base_.train_pipeline, _base_.test_pipeline)
]
train_dataloader, val_dataloader = (
    dict(dataset=dict(data_prefix=data_prefix, pipeline=pipeline))
    for pipeline in (train_pipeline, test_pipeline))
test_dataloader = val_dataloader
