# Fig. 4.4b: modulation after conv1 and conv2, one shared 1x1 motion condition.
_base_ = ['../two-in-one-ssd300_vgg16_in1k-pre_8xb4-120k_ucf24-rgb-flow.py']

model = dict(
    backbone=dict(
        condition=dict(last_kernel_size=1),
        modulation_points=('conv1', 'conv2')))
