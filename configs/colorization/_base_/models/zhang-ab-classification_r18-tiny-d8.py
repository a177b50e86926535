# Zhang et al.'s automatic colorization (ECCV 2016) as classification over
# quantised ab colours (225 in-gamut bins of 10 units, soft-encoded targets,
# annealed-mean decoding at T = 0.38, no class rebalancing): an FCN on a
# narrow dilated ResNet-18 with the gray L channel as its input.
_base_ = ['../../../_base_/models/resnet18-tiny-d8.py']

custom_imports = dict(imports=['mmcontinuity'], allow_failed_imports=False)
model = dict(
    type='ABClassificationColorizer',
    data_preprocessor=dict(
        type='ImgDataPreprocessor', mean=[50.0], std=[50.0]),
    backbone=dict(_base_.resnet18_tiny_d8, in_channels=1),
    decode_head=dict(
        type='FCNHead',
        in_channels=128,
        in_index=0,
        channels=64,
        num_convs=2,
        num_classes=225,
        norm_cfg=_base_.norm_cfg))
