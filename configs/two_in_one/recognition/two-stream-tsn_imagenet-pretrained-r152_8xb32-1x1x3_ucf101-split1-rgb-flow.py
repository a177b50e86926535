# Two-stream TSN on UCF101 split 1 (Table 4.1 right, two-stream row): the
# RGB and flow TSNs of this folder, fused at test time by averaging their
# class probabilities (TwoStreamRecognizer; see
# two-stream-tsn_r18-tiny_..._continuity-bench-recognition-rgb-flow.py).
_base_ = [
    'mmaction::_base_/default_runtime.py',
    './_base_/datasets/ucf101-split1-rgb-flow_tsn.py'
]
custom_imports = dict(imports=['mmcontinuity'], allow_failed_imports=False)
rgb_stream = 'tsn_imagenet-pretrained-r152_8xb32-1x1x3-200e_ucf101-split1-rgb'
flow_stream = \
    'tsn_imagenet-pretrained-r152_8xb32-1x1x3-300e_ucf101-split1-flow'
model = dict(
    type='TwoStreamRecognizer',
    rgb='{{fileDirname}}/' + rgb_stream + '.py',
    flow='{{fileDirname}}/' + flow_stream + '.py',
    rgb_checkpoint='work_dirs/' + rgb_stream + '/epoch_200.pth',
    flow_checkpoint='work_dirs/' + flow_stream + '/epoch_300.pth')
train_dataloader = None
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
