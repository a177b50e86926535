# Pretraining of the tiny TubeR backbone on the benchmark's `recognition`
# split, the benchmark's counterpart of the thesis' Kinetics initialisation
# of TubeR's backbone: mmaction2's Recognizer3D with exactly the backbone and
# input normalisation of ../_base_/models/tuber_r3d18-tiny_rgb-flow.py (RGB +
# exact flow, 5 channels), an I3D head on the 6 classes. AdamW 1e-3, batch
# 8, a cosine decay planned over 900 iterations and stopped at 450 (7.5
# epochs of 480 videos; top-1 65.3 % on the 144 val videos, see
# ../README.md): iter_450.pth is the checkpoint the anchor-free configs load.
_base_ = [
    '../_base_/models/tuber_r3d18-tiny_rgb-flow.py',
    '../_base_/datasets/continuity-bench-recognition-rgb-flow.py',
    '../_base_/schedules/adamw-cosine_3e.py'
]

model = dict(
    _delete_=True,
    type='Recognizer3D',
    backbone=_base_.model.backbone,
    cls_head=dict(
        type='I3DHead',
        num_classes=_base_.num_classes,
        in_channels=_base_.model.in_channels,
        spatial_type='avg',
        dropout_ratio=0.5,
        average_clips='prob'),
    data_preprocessor=dict(
        type='ActionDataPreprocessor',
        mean=_base_.model.data_preprocessor.mean,
        std=_base_.model.data_preprocessor.std,
        format_shape='NCTHW'))

# the tiny TubeR schedule (AdamW 1e-3, warm-up, cosine) by iterations, with
# a looser gradient clipping (the thesis' 0.1 is for the transformer)
train_cfg = dict(
    _delete_=True, type='IterBasedTrainLoop', max_iters=450, val_interval=450)
optim_wrapper = dict(clip_grad=dict(max_norm=10))
param_scheduler = [
    _base_.param_scheduler[0],
    dict(_base_.param_scheduler[1], end=900)
]
default_hooks = dict(
    logger=dict(interval=50),
    checkpoint=dict(
        by_epoch=False, interval=450, max_keep_ckpts=1, save_best='auto'))
