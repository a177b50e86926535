# SegNet (VGG13-BN encoder) with LiftDownPool / LiftUpPool on PASCAL VOC 2012
# aug (Table 3.6: 68.9 mIoU): mmseg's VOC aug data at 512x512 crops and its
# 20k-iteration SGD schedule (the thesis gives no SegNet schedule).
_base_ = [
    './_base_/models/segnet-vgg13-liftuppool.py',
    'mmseg::_base_/datasets/pascal_voc12_aug.py',
    'mmseg::_base_/default_runtime.py',
    'mmseg::_base_/schedules/schedule_20k.py'
]
crop_size = (512, 512)
data_preprocessor = dict(size=crop_size)
model = dict(data_preprocessor=data_preprocessor)
