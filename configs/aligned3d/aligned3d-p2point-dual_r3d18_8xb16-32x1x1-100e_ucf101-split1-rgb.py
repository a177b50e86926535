# Dual learning on UCF101 split 1 (Table 5.6: 32-frame input): the
# patch-to-point model plus the offset branch on the offsets of
# Res2.0.conv2, L = CE(P1) + CE(P2); test prediction (P1 + P2) / 2
# (`--cfg-options model.test_prediction=P1` or `P2`).
_base_ = ['./aligned3d-p2point_r3d18_8xb16-16x1x1-100e_ucf101-split1-rgb.py']

train_pipeline = [
    dict(_base_.train_pipeline[0], length=32), *_base_.train_pipeline[1:]
]
test_pipeline = [
    dict(_base_.test_pipeline[0], clip_len=32), *_base_.test_pipeline[1:]
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
model = dict(
    type='DualRecognizer3D',
    offset_module='backbone.layer1.0.conv2.conv.offsets',
    offset_head=dict(
        type='OffsetHead',
        num_classes=_base_.num_classes,
        channels=64,
        dropout_ratio=0.5,
        init_std=0.01,
        average_clips='prob'),
    test_prediction='P1+P2')
