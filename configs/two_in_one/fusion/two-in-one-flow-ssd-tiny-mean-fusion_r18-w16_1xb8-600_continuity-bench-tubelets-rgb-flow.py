# Two-in-one + flow tiny SSD on the benchmark (Table 4.1, last row): the
# tiny two-in-one stream of ../ (two-in-one-ssd-tiny_..._rgb-flow.py) and
# the tiny flow stream, mean fusion, by `python tools/test.py CONFIG` (see
# two-stream-ssd-tiny-mean-fusion_..._rgb-flow.py).
_base_ = [
    './_base_/two-stream-ssd.py',
    './_base_/continuity-bench-tubelets-frame-rgb-flow-magnitude.py'
]
appearance = ('two-in-one-ssd-tiny_r18-w16_1xb8-600_'
              'continuity-bench-tubelets-rgb-flow')
flow = 'ssd-tiny_r18-w16_1xb8-600_continuity-bench-tubelets-flow'
model = dict(
    appearance='{{fileDirname}}/../' + appearance + '.py',
    flow='{{fileDirname}}/../' + flow + '.py',
    appearance_channels=(0, 1, 2, 3, 4),
    flow_channels=(3, 4, 5),
    fusion='mean',
    appearance_checkpoint='work_dirs/' + appearance + '/iter_600.pth',
    flow_checkpoint='work_dirs/' + flow + '/iter_600.pth')
