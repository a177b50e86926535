# The `segmentation` split of the built-in benchmark in mmseg's layout
# (128x128 images of 1-3 digits on photographs, 300 train / 200 val, class
# maps of 11 classes: background and the ten digits): training on random
# 64x64 crops, validation on the whole images, mIoU.
data_root = 'data/continuity_bench/segmentation/'
metainfo = dict(
    classes=('background', 'digit_0', 'digit_1', 'digit_2', 'digit_3',
             'digit_4', 'digit_5', 'digit_6', 'digit_7', 'digit_8', 'digit_9'))
train_pipeline = [
    dict(type='CheckedLoadImageFromFile'),
    dict(type='CheckedLoadAnnotations'),
    dict(type='RandomCrop', crop_size=(64, 64)),
    dict(type='PackSegInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(type='PackSegInputs'),
]
dataset = dict(
    type='CheckedBaseSegDataset',
    metainfo=metainfo,
    data_root=data_root,
    data_prefix=dict(img_path='JPEGImages', seg_map_path='SegmentationClass'),
    img_suffix='.jpg',
    seg_map_suffix='.png',
    reduce_zero_label=False)
train_dataloader = dict(
    batch_size=8,
    num_workers=0,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(
        dataset,
        ann_file='ImageSets/Segmentation/train.txt',
        pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=10,
    num_workers=0,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        dataset,
        ann_file='ImageSets/Segmentation/val.txt',
        pipeline=test_pipeline))
test_dataloader = val_dataloader
del dataset
val_evaluator = dict(type='IoUMetric', iou_metrics=['mIoU'])
test_evaluator = val_evaluator
