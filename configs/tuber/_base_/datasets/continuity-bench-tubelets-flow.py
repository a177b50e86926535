# The benchmark's `tubelets` split, optical flow alone (the input of a flow
# stream): the pipelines of continuity-bench-tubelets-rgb-flow.py, whose
# PackTubeletInputs packs the flow frames only (C = 2). The RGB frames are
# still loaded: the geometric transforms size the flow frames by them.
_base_ = ['./continuity-bench-tubelets-rgb-flow.py']

pack = dict(type='PackTubeletInputs', collect_keys=('flow_imgs', ))
train_pipeline, test_pipeline = (
    p[:-1] + [pack] for p in (_base_.train_pipeline, _base_.test_pipeline))
train_dataloader, val_dataloader = (
    dict(dataset=dict(pipeline=pipeline))
    for pipeline in (train_pipeline, test_pipeline))
test_dataloader = val_dataloader
