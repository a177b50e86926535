# Two-stream TubeR by late fusion (TubeRLateFusion), the two-stream of
# Chapter 4 that Sec. 6.4.1 follows: an RGB and a flow TubeR, each trained
# with its own config, whose tubelets are paired (Hungarian algorithm on the
# mean IoU over frames, at least iou_thr) and averaged at test time. The
# clips are RGB + flow (a `-rgb-flow` dataset base). Inference only:
# mmaction2's runtime with the validation and test loops; a config adds
# `rgb`, `flow` (the streams' config files), their checkpoints, and
# `train_dataloader = None`.
_base_ = ['mmaction::_base_/default_runtime.py']

custom_imports = dict(imports=['mmcontinuity'], allow_failed_imports=False)
model = dict(type='TubeRLateFusion', iou_thr=0.5)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
