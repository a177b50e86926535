# Dual learning (Sec. 5.3.3, Fig. 5.2 (b), Eq. 5.9): the patch-to-point
# model plus an offset branch classifying from the offsets of Res2.0.conv2;
# L = CE(P1) + CE(P2); the test prediction is (P1 + P2) / 2
# (`--cfg-options model.test_prediction=P1` or `P2` for the other rows of
# Table 5.6).
_base_ = [
    './aligned3d-p2point_r3d18-tiny_1xb8-16x1x1-300it_continuity-bench-recognition-fast.py'  # noqa: E501
]

model = dict(
    type='DualRecognizer3D',
    offset_module='backbone.layer1.0.conv2.conv.offsets',
    offset_head=dict(
        type='OffsetHead',
        num_classes=_base_.num_classes,
        channels=32,
        dropout_ratio=0.5,
        init_std=0.01,
        average_clips='prob'),
    test_prediction='P1+P2')
