# Pascal VOC 2012 with the SBD augmented annotations (mmseg's
# pascal_voc12_aug.py: 10,582 train / 1,449 val images, 21 classes) for
# colorization (Sec. 2.4.1): the gray L channel at 128x128 in, ab at 32x32
# and the class map at 32x32 (255 = ignored boundary) as targets. The
# validation metric: PSNR / RMSE / diversity / per-class RMSE; the test
# metric adds the judge of Table 2.3, a DeepLab ResNet-101 trained on VOC
# (mmseg's DeepLabV3 R-101-D8, 78.7 mIoU; the thesis used DeepLab-ResNet101
# without CRF) applied to the colorized images at L's 128x128 resolution
# (its test pipeline resizes them to 512 on the short side).
_base_ = ['mmseg::_base_/datasets/pascal_voc12_aug.py']

targets = dict(
    type='ColorizationTargets',
    input_size=(128, 128),
    target_size=(32, 32),
    seg_size=(32, 32))
train_pipeline = [
    dict(type='CheckedLoadImageFromFile'),
    dict(type='CheckedLoadAnnotations'),
    dict(type='RandomFlip', prob=0.5),
    targets,
    dict(type='PackColorizationInputs'),
]
test_pipeline = [
    dict(type='CheckedLoadImageFromFile'),
    dict(type='CheckedLoadAnnotations'),
    targets,
    dict(type='PackColorizationInputs'),
]
train_dataloader = dict(
    batch_size=16,
    dataset=dict(datasets=[
        dict(_base_.dataset_train, pipeline=train_pipeline),
        dict(_base_.dataset_aug, pipeline=train_pipeline)
    ]))
val_dataloader = dict(batch_size=16, dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
val_evaluator = dict(
    _delete_=True,
    type='ColorizationMetric',
    data_range=255,
    num_classes=21,
    ms_ssim_scales=4)
test_evaluator = dict(
    val_evaluator,
    seg_model=dict(
        config='mmseg::deeplabv3/'
        'deeplabv3_r101-d8_4xb4-20k_voc12aug-512x512.py',
        checkpoint='https://download.openmmlab.com/mmsegmentation/v0.5/'
        'deeplabv3/deeplabv3_r101-d8_512x512_20k_voc12aug/'
        'deeplabv3_r101-d8_512x512_20k_voc12aug_20200617_010932-8d13832f.pth'))
del targets
