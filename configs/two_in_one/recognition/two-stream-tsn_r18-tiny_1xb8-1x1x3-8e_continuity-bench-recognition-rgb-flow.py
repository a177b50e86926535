# Two-stream TSN on the benchmark's recognition split (Table 4.1 right,
# two-stream row): the RGB stream
# tsn_r18-tiny_1xb8-1x1x3-8e_continuity-bench-recognition-rgb.py and the
# flow stream ..._recognition-flow.py, each trained with tools/train.py,
# fused at test time by averaging their class probabilities
# (TwoStreamRecognizer): `python tools/test.py CONFIG` (no checkpoint
# argument: the streams' checkpoints below, which `--cfg-options
# model.rgb_checkpoint=... model.flow_checkpoint=...` replaces). Inference
# only: no training data loader.
_base_ = [
    'mmaction::_base_/default_runtime.py',
    './_base_/datasets/continuity-bench-recognition-rgb-flow_tsn.py'
]
custom_imports = dict(imports=['mmcontinuity'], allow_failed_imports=False)
rgb_stream = 'tsn_r18-tiny_1xb8-1x1x3-8e_continuity-bench-recognition-rgb'
flow_stream = 'tsn_r18-tiny_1xb8-1x1x3-8e_continuity-bench-recognition-flow'
model = dict(
    type='TwoStreamRecognizer',
    rgb='{{fileDirname}}/' + rgb_stream + '.py',
    flow='{{fileDirname}}/' + flow_stream + '.py',
    rgb_checkpoint='work_dirs/' + rgb_stream + '/epoch_8.pth',
    flow_checkpoint='work_dirs/' + flow_stream + '/epoch_8.pth')
train_dataloader = None
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
