# Two-stream TubeR I3D-R50 7x1 on UCF101-24 by late fusion
# (_base_/models/tuber_late-fusion.py, the two-stream of Sec. 6.4.1): the
# RGB stream tuber_i3d-r50_k400-pre_8xb4-7x1x1-20e_ucf24-rgb.py and the
# flow stream tuber_i3d-r50_8xb4-7x1x1-20e_ucf24-flow.py, each trained
# with tools/train.py, fused at test time: `python tools/test.py CONFIG`
# with the streams' last checkpoints below (or `--cfg-options
# model.rgb_checkpoint=... model.flow_checkpoint=...`). Mid-level fusion in
# one model: tuber_i3d-r50_k400-pre_8xb4-7x1x1-20e_ucf24-rgb-flow.py.
_base_ = ['./_base_/models/tuber_late-fusion.py',
          './_base_/datasets/ucf24-rgb-flow.py']
rgb_stream = 'tuber_i3d-r50_k400-pre_8xb4-7x1x1-20e_ucf24-rgb'
flow_stream = 'tuber_i3d-r50_8xb4-7x1x1-20e_ucf24-flow'
model = dict(
    rgb='{{fileDirname}}/' + rgb_stream + '.py',
    flow='{{fileDirname}}/' + flow_stream + '.py',
    rgb_checkpoint='work_dirs/' + rgb_stream + '/epoch_20.pth',
    flow_checkpoint='work_dirs/' + flow_stream + '/epoch_20.pth')
train_dataloader = None
