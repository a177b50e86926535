# The J-HMDB-21 two-in-one stream config of split 1 on split 2.
_base_ = [
    './two-in-one-ssd300_vgg16_in1k-pre_8xb4-30k_jhmdb-split1-rgb-flow.py'
]

split = 2
train_dataloader = dict(dataset=dict(split=split))
val_dataloader = dict(dataset=dict(split=split))
test_dataloader = val_dataloader
val_evaluator = dict(split=split)
test_evaluator = val_evaluator
