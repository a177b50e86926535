# The tiny two-in-one TSN: the ResNet-18 of ./tsn_r18-tiny.py modulated by
# the flow of the same frame (MotionModulatedBackbone, 5-channel frames:
# RGB, then flow x, y) after its first residual stage `layer1` (stride 4,
# the low-level features the thesis modulates; the 3x3 condition of Fig.
# 4.5). Flow is normalised as in ./tsn_r18-tiny_flow.py.
_base_ = ['./tsn_r18-tiny.py']

model = dict(
    backbone=dict(
        _delete_=True,
        type='MotionModulatedBackbone',
        backbone=_base_.model.backbone,
        condition=dict(type='MotionCondition', last_kernel_size=3),
        modulation_points=('layer1', )),
    data_preprocessor=dict(
        mean=[123.675, 116.28, 103.53, 127.5, 127.5],
        std=[58.395, 57.12, 57.375, 8., 8.]))
