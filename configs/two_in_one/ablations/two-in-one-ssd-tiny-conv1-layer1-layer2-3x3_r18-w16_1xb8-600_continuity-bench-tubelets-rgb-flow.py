# The tiny two-in-one SSD modulated at three points (conv1, layer1, layer2) by
# one shared motion condition (Fig. 4.4b on the benchmark).
_base_ = [
    '../two-in-one-ssd-tiny_r18-w16_1xb8-600_'
    'continuity-bench-tubelets-rgb-flow.py'
]

model = dict(
    backbone=dict(
        condition=dict(last_kernel_size=3),
        modulation_points=('conv1', 'layer1', 'layer2')))
