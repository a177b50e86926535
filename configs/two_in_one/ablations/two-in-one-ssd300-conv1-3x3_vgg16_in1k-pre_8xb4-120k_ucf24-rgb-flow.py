# Fig. 4.5: one modulation point, after conv1, 3x3 last layer in the motion
# condition.
_base_ = ['../two-in-one-ssd300_vgg16_in1k-pre_8xb4-120k_ucf24-rgb-flow.py']

model = dict(
    backbone=dict(
        condition=dict(last_kernel_size=3), modulation_points=('conv1', )))
