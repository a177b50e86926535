# Two-in-one + flow multi-frame (K = 6) tiny SSD on the benchmark, ACT's
# late fusion (the mean of both streams' tubelets and class distributions
# per anchor cuboid): the multi-frame tiny two-in-one and flow streams of
# ../multi_frame/, each trained with tools/train.py, fused by
# `python tools/test.py CONFIG`.
_base_ = [
    './_base_/two-stream-ssd.py',
    './_base_/continuity-bench-tubelets-clip-rgb-flow-magnitude.py'
]
appearance = ('two-in-one-act-ssd-tiny_r18-w16_1xb8-600_'
              'continuity-bench-tubelets-rgb-flow')
flow = 'act-ssd-tiny_r18-w16_1xb8-600_continuity-bench-tubelets-flow'
model = dict(
    appearance='{{fileDirname}}/../multi_frame/' + appearance + '.py',
    flow='{{fileDirname}}/../multi_frame/' + flow + '.py',
    appearance_channels=(0, 1, 2, 3, 4),
    flow_channels=(3, 4, 5),
    fusion='mean',
    appearance_checkpoint='work_dirs/' + appearance + '/iter_600.pth',
    flow_checkpoint='work_dirs/' + flow + '/iter_600.pth')
