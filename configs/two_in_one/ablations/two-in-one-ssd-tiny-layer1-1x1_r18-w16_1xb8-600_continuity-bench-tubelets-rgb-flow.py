# The tiny two-in-one SSD with a 1x1 last layer in the motion condition
# (pixel-wise motion only; 1x1 vs 3x3 of Fig. 4.5 on the benchmark).
_base_ = [
    '../two-in-one-ssd-tiny_r18-w16_1xb8-600_'
    'continuity-bench-tubelets-rgb-flow.py'
]

model = dict(
    backbone=dict(
        condition=dict(last_kernel_size=1), modulation_points=('layer1', )))
