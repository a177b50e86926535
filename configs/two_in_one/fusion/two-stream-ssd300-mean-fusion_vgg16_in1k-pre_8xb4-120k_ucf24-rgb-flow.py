# Two-stream SSD300 on UCF101-24, mean fusion (Table B.1): the RGB and flow
# SSD300 streams of ../, fused at test time (see
# two-stream-ssd-tiny-mean-fusion_..._continuity-bench-tubelets-rgb-flow.py).
_base_ = [
    './_base_/two-stream-ssd.py', './_base_/ucf24-frame-rgb-flow-magnitude.py'
]
appearance = 'ssd300_vgg16_in1k-pre_8xb4-120k_ucf24-rgb'
flow = 'ssd300_vgg16_in1k-pre_8xb4-120k_ucf24-flow'
model = dict(
    appearance='{{fileDirname}}/../' + appearance + '.py',
    flow='{{fileDirname}}/../' + flow + '.py',
    appearance_channels=(0, 1, 2),
    flow_channels=(3, 4, 5),
    fusion='mean',
    appearance_checkpoint='work_dirs/' + appearance + '/iter_120000.pth',
    flow_checkpoint='work_dirs/' + flow + '/iter_120000.pth')
