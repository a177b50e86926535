# Two-stream tiny SSD on the benchmark, boost fusion (Table B.1; definitions
# in mmcontinuity/models/two_in_one/fusion.py): the tiny RGB and flow
# streams of ../ (ssd-tiny_..._continuity-bench-tubelets-{rgb,flow}.py),
# each trained with tools/train.py, fused by `python tools/test.py CONFIG`
# (no checkpoint argument; `--cfg-options model.appearance_checkpoint=...
# model.flow_checkpoint=...` replaces the work dirs below).
_base_ = [
    './_base_/two-stream-ssd.py',
    './_base_/continuity-bench-tubelets-frame-rgb-flow-magnitude.py'
]
appearance = 'ssd-tiny_r18-w16_1xb8-600_continuity-bench-tubelets-rgb'
flow = 'ssd-tiny_r18-w16_1xb8-600_continuity-bench-tubelets-flow'
model = dict(
    appearance='{{fileDirname}}/../' + appearance + '.py',
    flow='{{fileDirname}}/../' + flow + '.py',
    appearance_channels=(0, 1, 2),
    flow_channels=(3, 4, 5),
    fusion='boost',
    appearance_checkpoint='work_dirs/' + appearance + '/iter_600.pth',
    flow_checkpoint='work_dirs/' + flow + '/iter_600.pth')
