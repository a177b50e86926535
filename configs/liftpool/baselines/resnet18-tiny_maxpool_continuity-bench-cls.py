# Max-pooling baseline of the LiftPool robustness experiments (Chapter 3,
# Table 3.5, Figure 3.4) on the `classification` split of the built-in
# benchmark (32x32 digits on photographs, 10 classes, 1000 train / 200 test):
# a narrow ResNet-18 whose stem keeps its 3x3 stride-2 max pooling. This
# config trains it and tests clean top-1 accuracy; the `_corruption`,
# `_perturbation` and `_shift` configs inherit it and test the same
# checkpoint under the robustness protocols.
_base_ = ['mmpretrain::_base_/default_runtime.py']
custom_imports = dict(imports=['mmcontinuity'], allow_failed_imports=False)

data_root = 'data/continuity_bench/classification/'
classes = data_root + 'classes.txt'
model = dict(
    type='ImageClassifier',
    backbone=dict(
        type='ResNet',
        depth=18,
        stem_channels=16,
        base_channels=16,
        out_indices=(3, )),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(
        type='LinearClsHead',
        num_classes=10,
        in_channels=128,
        loss=dict(type='CrossEntropyLoss'),
        topk=(1, )))
data_preprocessor = dict(
    num_classes=10,
    mean=[123.675, 116.28, 103.53],
    std=[58.395, 57.12, 57.375],
    to_rgb=True)

# digits are not mirror-symmetric: no flips
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='RandomCrop', crop_size=32, padding=4, padding_mode='reflect'),
    dict(type='PackInputs'),
]
test_pipeline = [dict(type='LoadImageFromFile'), dict(type='PackInputs')]
test_dataset = dict(
    type='CustomDataset',
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
        type='CustomDataset',
        data_root=data_root,
        ann_file='meta/train.txt',
        data_prefix='train',
        classes=classes,
        pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=100,
    num_workers=0,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=test_dataset)
test_dataloader = val_dataloader
val_evaluator = dict(type='Accuracy', topk=(1, ))
test_evaluator = val_evaluator

optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=0.1, momentum=0.9, weight_decay=5e-4))
param_scheduler = dict(type='CosineAnnealingLR', by_epoch=True, T_max=100)
train_cfg = dict(by_epoch=True, max_epochs=100, val_interval=20)
val_cfg = dict()
test_cfg = dict()
default_hooks = dict(
    logger=dict(interval=10),
    checkpoint=dict(type='CheckpointHook', interval=20, max_keep_ckpts=1))
# the corruptions, perturbation noise and random shifts of the test configs
# draw from numpy's global generator: seeding makes their numbers repeatable
randomness = dict(seed=0)
