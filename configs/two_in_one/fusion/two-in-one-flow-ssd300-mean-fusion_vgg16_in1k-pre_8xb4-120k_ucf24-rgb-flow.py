# Two-in-one + flow SSD300 on UCF101-24 (Table 4.1, last row; Fig. 4.7):
# the two-in-one stream (conv2, 3x3 condition) and the flow stream of ../,
# mean fusion at test time.
_base_ = [
    './_base_/two-stream-ssd.py', './_base_/ucf24-frame-rgb-flow-magnitude.py'
]
appearance = 'two-in-one-ssd300_vgg16_in1k-pre_8xb4-120k_ucf24-rgb-flow'
flow = 'ssd300_vgg16_in1k-pre_8xb4-120k_ucf24-flow'
model = dict(
    appearance='{{fileDirname}}/../' + appearance + '.py',
    flow='{{fileDirname}}/../' + flow + '.py',
    appearance_channels=(0, 1, 2, 3, 4),
    flow_channels=(3, 4, 5),
    fusion='mean',
    appearance_checkpoint='work_dirs/' + appearance + '/iter_120000.pth',
    flow_checkpoint='work_dirs/' + flow + '/iter_120000.pth')
