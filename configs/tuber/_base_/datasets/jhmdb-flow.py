# J-HMDB-21, optical flow alone: the data of jhmdb-rgb-flow.py with the
# flow-only pipelines of ucf24-flow.py (same clips and transforms).
_base_ = ['./jhmdb-rgb-flow.py']
pack = dict(type='PackTubeletInputs', collect_keys=('flow_imgs', ))
views = _base_.tta_pipeline[-1]
train_pipeline, test_pipeline, tta_pipeline = (
    _base_.train_pipeline[:-1] + [pack], _base_.test_pipeline[:-1] + [pack],
    _base_.tta_pipeline[:-1] +
    [dict(views, transforms=[views.transforms[0], [pack]])])
train_dataloader, val_dataloader = (
    dict(dataset=dict(pipeline=p)) for p in (train_pipeline, test_pipeline))
test_dataloader = val_dataloader
