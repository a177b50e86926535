# COCO-Stuff 10k (mmseg's coco-stuff10k.py: 9,000 train / 1,000 test
# images, the thesis' COCO-Stuff subset) for colorization: the gray L
# channel at 128x128 in, ab at 32x32 and the class map at 32x32 as targets.
# Classes: mmseg's COCOStuffDataset, 171 labels. The thesis counts "182
# object classes and one background class": COCO-Stuff's raw label ids
# 1-182 (91 thing ids, 92-182 stuff) and 0 = unlabeled. Eleven thing ids
# are never annotated (12, 26, 29, 30, 45, 66, 68, 69, 71, 83, 91), so
# mmseg's converter (tools/dataset_converters/coco_stuff10k.py) maps the
# other 171 ids in order to 1-171 and `reduce_zero_label` to 0-170, with
# unlabeled (0) ignored (255). The segmentation branch has 171 outputs,
# the 182-class head minus 11 that no pixel trains. No judge: Table 2.3
# is on VOC only.
_base_ = ['mmseg::_base_/datasets/coco-stuff10k.py']

targets = dict(
    type='ColorizationTargets',
    input_size=(128, 128),
    target_size=(32, 32),
    seg_size=(32, 32))
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations', reduce_zero_label=True),
    dict(type='RandomFlip', prob=0.5),
    targets,
    dict(type='PackColorizationInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations', reduce_zero_label=True),
    targets,
    dict(type='PackColorizationInputs'),
]
train_dataloader = dict(
    batch_size=16, dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(batch_size=16, dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
val_evaluator = dict(
    _delete_=True,
    type='ColorizationMetric',
    data_range=255,
    num_classes=171,
    ms_ssim_scales=4)
test_evaluator = val_evaluator
del targets
