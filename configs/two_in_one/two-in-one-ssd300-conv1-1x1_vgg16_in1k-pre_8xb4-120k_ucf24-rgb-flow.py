# Two-in-one stream in the setting of Table 4.1 and Fig. 4.4: modulation
# after conv1 (stride 1) with 1x1 convolutions only in the motion condition
# (pixel-wise motion); otherwise
# two-in-one-ssd300_vgg16_in1k-pre_8xb4-120k_ucf24-rgb-flow.py.
_base_ = ['./two-in-one-ssd300_vgg16_in1k-pre_8xb4-120k_ucf24-rgb-flow.py']

model = dict(
    backbone=dict(
        condition=dict(last_kernel_size=1), modulation_points=('conv1', )))
