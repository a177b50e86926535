# Moving-object segmentation on DAVIS-2016 (Table 5.8, App. C.2): 3D
# DeepLab whose ResNet18-3D encoder has a patch-to-point aligned
# Res2.0.conv2, initialised from the Kinetics-400 recognizer
# (aligned3d-p2point_r3d18_8xb8-16x1x1-150e_kinetics400-rgb.py, backbone
# weights), 8-frame clips at 530x300, Adam lr 1e-3, 60 epochs (not given in
# the thesis: our choice); DAVISMetric.
_base_ = [
    './_base_/models/deeplab3d_r3d18_aligned.py',
    './_base_/datasets/davis2016.py',
    './_base_/schedules/adam_600it.py'
]

custom_imports = dict(imports=['mmcontinuity'], allow_failed_imports=False)
model = dict(
    backbone=dict(init_cfg=dict(
        type='Pretrained',
        prefix='backbone.',
        checkpoint='work_dirs/aligned3d-p2point_r3d18_8xb8-16x1x1-150e_'
        'kinetics400-rgb/best.pth')))
train_cfg = dict(
    _delete_=True, type='EpochBasedTrainLoop', max_epochs=60, val_interval=5)
param_scheduler = dict(
    type='PolyLR', power=0.9, eta_min=1e-5, by_epoch=True, end=60)
default_hooks = dict(
    checkpoint=dict(by_epoch=True, interval=5))
log_processor = dict(by_epoch=True)
