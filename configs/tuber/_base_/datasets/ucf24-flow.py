# UCF101-24, optical flow alone (the input of a flow stream): the pipelines
# of ucf24-rgb-flow.py, whose PackTubeletInputs packs the flow frames only
# (C = 2; the RGB frames are still loaded: the geometric transforms size and
# flip the flow frames with them).
_base_ = ['./ucf24-rgb-flow.py']

pack = dict(type='PackTubeletInputs', collect_keys=('flow_imgs', ))
views = _base_.tta_pipeline[-1]
train_pipeline, test_pipeline, tta_pipeline = (
    _base_.train_pipeline[:-1] + [pack], _base_.test_pipeline[:-1] + [pack],
    _base_.tta_pipeline[:-1] +
    [dict(views, transforms=[views.transforms[0], [pack]])])
train_dataloader, val_dataloader = (
    dict(dataset=dict(pipeline=p)) for p in (train_pipeline, test_pipeline))
test_dataloader = val_dataloader
