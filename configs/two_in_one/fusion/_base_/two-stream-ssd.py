# Two SSD streams fused at test time (TwoStreamSSD, Table 4.1 two-stream /
# two-in-one + flow rows, Table B.1 fusions): inference only, mmaction2's
# runtime with the validation and test loops. A config adds the streams'
# config files and checkpoints, their input channels, the fusion, and a
# 6-channel (RGB, flow x, y, magnitude) test set.
_base_ = ['mmaction::_base_/default_runtime.py']

custom_imports = dict(imports=['mmcontinuity'], allow_failed_imports=False)
model = dict(type='TwoStreamSSD', fusion='mean', iou_thr=0.5)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
