# The `classification` split of the built-in benchmark (32x32 digits on
# photographs, 10 classes, 1000 train / 200 test images; mmpretrain's
# CustomDataset), top-1 accuracy.
data_root = 'data/continuity_bench/classification/'
classes = data_root + 'classes.txt'

# digits are not mirror-symmetric: no flips
train_pipeline = [
    dict(type='CheckedLoadImageFromFile'),
    dict(type='RandomCrop', crop_size=32, padding=4, padding_mode='reflect'),
    dict(type='PackInputs'),
]
test_pipeline = [dict(type='LoadImageFromFile'), dict(type='PackInputs')]
test_dataset = dict(
    type='CheckedCustomDataset',
    data_root=data_root,
    ann_file='meta/test.txt',
    data_prefix='test',
    classes=classes,
    pipeline=test_pipeline)
train_dataloader = dict(
    batch_size=32,
    num_workers=0,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        test_dataset,
        ann_file='meta/train.txt',
        data_prefix='train',
        pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=100,
    num_workers=0,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=test_dataset)
test_dataloader = val_dataloader
val_evaluator = dict(type='Accuracy', topk=(1, ))
test_evaluator = val_evaluator
