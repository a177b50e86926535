# LiftUpPool vs max-unpooling on the CPU benchmark (Table 3.6 in small): a
# narrow SegNet (VGG13-BN encoder of widths 8-64) whose encoder keeps LL of
# LiftDownPool and whose decoder up-samples with the paired LiftUpPool;
# 1000 iterations of 8 random 64x64 crops, mIoU on the 200 val images.
_base_ = [
    './_base_/models/segnet-vgg13-liftuppool.py',
    './_base_/datasets/continuity-bench-seg.py',
    './_base_/schedules/adam-poly_1k.py'
]
norm_cfg = dict(type='BN', requires_grad=True)
model = dict(
    data_preprocessor=dict(size=(64, 64)),
    backbone=dict(base_channels=8, norm_cfg=norm_cfg),
    decode_head=dict(
        in_channels=8, channels=8, num_classes=11, norm_cfg=norm_cfg))
