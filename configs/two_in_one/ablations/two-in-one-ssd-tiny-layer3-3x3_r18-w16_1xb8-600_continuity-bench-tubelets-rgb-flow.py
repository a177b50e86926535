# The tiny two-in-one SSD with its modulation point after layer3 (stride 16)
# instead of layer1 (Fig. 4.5 on the benchmark).
_base_ = [
    '../two-in-one-ssd-tiny_r18-w16_1xb8-600_'
    'continuity-bench-tubelets-rgb-flow.py'
]

model = dict(
    backbone=dict(
        condition=dict(last_kernel_size=3), modulation_points=('layer3', )))
