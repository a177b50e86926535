# The two-in-one stream of the tiny SSD (ssd-tiny_r18-w16.py): its ResNet
# modulated by the flow after layer1 (stride 4, the first stage; the tiny
# network's counterpart of VGG's low-level conv2) with a 3x3 last layer in
# the motion condition. Condition and modulation branches 8 channels wide
# (32 with the 64-channel VGG-16: scaled with the 16-channel backbone).
# Input: RGB + flow x, y (5 channels), the flow normalised as in
# ssd-tiny_r18-w16_flow.py.
_base_ = ['./ssd-tiny_r18-w16.py']

model = dict(
    data_preprocessor=dict(
        mean=[123.675, 116.28, 103.53, 127.5, 127.5],
        std=[58.395, 57.12, 57.375, 8., 8.]),
    backbone=dict(
        _delete_=True,
        type='MotionModulatedBackbone',
        backbone=_base_.model.backbone,
        condition=dict(
            type='MotionCondition', channels=8, last_kernel_size=3),
        modulation=dict(type='MotionModulation', channels=8),
        modulation_points=('layer1', )))
