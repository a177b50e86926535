# The two-in-one stream (Eq. 4.3-4.6): SSD300-VGG16 of ssd300_vgg16.py whose
# VGG-16 is modulated by the flow after conv2 (the last ReLU of its second
# stage, stride 2) with a 3x3 last layer in the motion condition: the final
# setting of Fig. 4.5. Input: RGB + flow x, y (5 channels); the flow is
# centred on zero displacement and scaled to [-1, 1].
_base_ = ['./ssd300_vgg16.py']

model = dict(
    data_preprocessor=dict(
        mean=[123.675, 116.28, 103.53, 127.5, 127.5],
        std=[1, 1, 1, 127.5, 127.5]),
    backbone=dict(
        _delete_=True,
        type='MotionModulatedBackbone',
        backbone=_base_.model.backbone,
        condition=dict(type='MotionCondition', last_kernel_size=3),
        modulation_points=('conv2', )))
