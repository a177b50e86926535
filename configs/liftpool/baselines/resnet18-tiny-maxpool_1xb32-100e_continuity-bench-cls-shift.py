# Shift consistency (Zhang, ICML 2019; Figure 3.4) of the max-pooling
# baseline: the test set twice (mmengine ConcatDataset), each copy shifted
# at random by up to 4 pixels per axis (a 32x32 crop of the image padded by
# reflection); `ShiftConsistency` pairs the two predictions of an image by
# `img_path` and reports how often their top-1 agree, and the accuracy.
_base_ = ['./resnet18-tiny-maxpool_1xb32-100e_continuity-bench-cls.py']

shifted = dict(
    type='CustomDataset',
    data_root={{_base_.data_root}},
    ann_file='meta/test.txt',
    data_prefix='test',
    classes={{_base_.classes}},
    pipeline=[
        dict(type='LoadImageFromFile'),
        dict(
            type='RandomCrop', crop_size=32, padding=4,
            padding_mode='reflect'),
        dict(type='PackInputs'),
    ])
test_dataloader = dict(
    batch_size=100,
    num_workers=0,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        _delete_=True, type='ConcatDataset', datasets=[shifted, shifted]))
test_evaluator = dict(_delete_=True, type='ShiftConsistency')
