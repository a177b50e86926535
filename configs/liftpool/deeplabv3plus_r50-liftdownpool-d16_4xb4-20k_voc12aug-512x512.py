# DeepLabV3+ with a LiftDownPool ResNet-50 (stem pooling LiftDownPool2d) on
# PASCAL VOC 2012 aug, 512x512, output stride 16 (Table 3.7: 78.7 mIoU):
# mmseg's DeepLabV3+ recipe with the backbone of the ImageNet LiftDownPool
# classifier (strides 1, 2, 2, 1; the last stage dilated 2; ASPP rates
# 6, 12, 18), initialised from its checkpoint.
_base_ = [
    'mmseg::deeplabv3plus/deeplabv3plus_r50-d8_4xb4-20k_voc12aug-512x512.py'
]
custom_imports = dict(imports=['mmcontinuity'], allow_failed_imports=False)
norm_cfg = dict(type='SyncBN', requires_grad=True)
imagenet_checkpoint = ('work_dirs/resnet50-liftdownpool_8xb32-100e_in1k/'
                       'epoch_100.pth')
model = dict(
    type='LiftPoolEncoderDecoder',
    lambda_u=0.01,
    lambda_p=0.1,
    pretrained=None,
    backbone=dict(
        _delete_=True,
        type='LiftPoolResNet',
        depth=50,
        out_indices=(0, 1, 2, 3),
        strides=(1, 2, 2, 1),
        dilations=(1, 1, 1, 2),
        norm_cfg=norm_cfg,
        pool_cfg=dict(type='LiftDownPool2d', kernel_size=5, groups=2),
        init_cfg=dict(
            type='Pretrained',
            checkpoint=imagenet_checkpoint,
            prefix='backbone.')),
    decode_head=dict(dilations=(1, 6, 12, 18)))
