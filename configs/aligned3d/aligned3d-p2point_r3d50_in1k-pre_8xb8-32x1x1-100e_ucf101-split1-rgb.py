# Generalisation on backbones (Table 5.4): ResNet50-3D with a patch-to-point
# aligned convolution in the first block of res2, ImageNet weights inflated
# as in I3D, 32-frame clips on UCF101 split 1, batch 64, fine-tuning at lr
# 0.01 with the plateau schedule (not given in the thesis: our choice).
_base_ = [
    './_base_/models/r3d50_aligned.py', './_base_/datasets/ucf101-split1-rgb.py',  # noqa: E501
    './_base_/schedules/sgd-plateau_ucf101.py'
]

custom_imports = dict(imports=['mmcontinuity'], allow_failed_imports=False)
model = dict(cls_head=dict(num_classes=_base_.num_classes))
optim_wrapper = dict(optimizer=dict(lr=0.01))
train_pipeline = [
    dict(_base_.train_pipeline[0], length=32), *_base_.train_pipeline[1:]
]
test_pipeline = [
    dict(_base_.test_pipeline[0], clip_len=32), *_base_.test_pipeline[1:]
]
train_dataloader = dict(
    batch_size=8, dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
