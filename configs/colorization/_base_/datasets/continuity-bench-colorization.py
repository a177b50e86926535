# The `colorization` split of the built-in benchmark in mmseg's layout
# (128x128 images of 1-3 digits whose hue depends on the digit class, 300
# train / 60 val, class maps of 11 classes: background and the ten digits).
# Colorization: the gray L channel at 128x128 in, the ab channels at 32x32
# (and the class map at 32x32 for the semantic accuracy) as targets;
# `ColorizationMetric` reports ab PSNR (dB) and RMSE of the colorizations
# (and per-class RMSE).
data_root = 'data/continuity_bench/colorization/'
metainfo = dict(
    classes=('background', 'digit_0', 'digit_1', 'digit_2', 'digit_3',
             'digit_4', 'digit_5', 'digit_6', 'digit_7', 'digit_8', 'digit_9'))
pipeline = [
    dict(type='CheckedLoadImageFromFile'),
    dict(type='CheckedLoadAnnotations'),
    dict(
        type='ColorizationTargets',
        input_size=(128, 128),
        target_size=(32, 32),
        seg_size=(32, 32)),
    dict(type='PackColorizationInputs'),
]
dataset = dict(
    type='CheckedBaseSegDataset',
    metainfo=metainfo,
    data_root=data_root,
    data_prefix=dict(img_path='JPEGImages', seg_map_path='SegmentationClass'),
    img_suffix='.jpg',
    seg_map_suffix='.png',
    reduce_zero_label=False,
    pipeline=pipeline)
train_dataloader = dict(
    batch_size=8,
    num_workers=0,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(dataset, ann_file='ImageSets/Segmentation/train.txt'))
val_dataloader = dict(
    batch_size=10,
    num_workers=0,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(dataset, ann_file='ImageSets/Segmentation/val.txt'))
test_dataloader = val_dataloader
del dataset
# MS-SSIM diversity with 4 scales: the colorized images have L's 128x128
# (5 scales need 176 pixels per side).
val_evaluator = dict(
    type='ColorizationMetric', data_range=255, num_classes=11,
    ms_ssim_scales=4)
test_evaluator = val_evaluator
