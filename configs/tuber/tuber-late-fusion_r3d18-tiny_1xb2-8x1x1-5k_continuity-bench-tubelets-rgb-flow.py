# Two-stream TubeR, tiny, on the built-in benchmark by late fusion
# (_base_/models/tuber_late-fusion.py): the RGB stream
# tuber_r3d18-tiny_1xb2-8x1x1-5k_continuity-bench-tubelets-rgb.py and the
# flow stream ..._5k_continuity-bench-tubelets-flow.py, each trained with
# tools/train.py, fused at test time: `python tools/test.py CONFIG` (no
# checkpoint argument: the streams' checkpoints below, which
# `--cfg-options model.rgb_checkpoint=... model.flow_checkpoint=...`
# replaces). Early fusion of RGB + flow in one model:
# tuber_r3d18-tiny_1xb2-8x1x1-5k_continuity-bench-tubelets-rgb-flow.py.
_base_ = ['./_base_/models/tuber_late-fusion.py',
          './_base_/datasets/continuity-bench-tubelets-rgb-flow.py']
rgb_stream = 'tuber_r3d18-tiny_1xb2-8x1x1-5k_continuity-bench-tubelets-rgb'
flow_stream = 'tuber_r3d18-tiny_1xb2-8x1x1-5k_continuity-bench-tubelets-flow'
model = dict(
    rgb='{{fileDirname}}/' + rgb_stream + '.py',
    flow='{{fileDirname}}/' + flow_stream + '.py',
    rgb_checkpoint='work_dirs/' + rgb_stream + '/iter_5000.pth',
    flow_checkpoint='work_dirs/' + flow_stream + '/iter_5000.pth')
train_dataloader = None
