# TubeR I3D-R50 7x1 on UCF101-24 with RGB + optical flow input. TubeR has
# one backbone: the flow frames (tools/data/extract_flow.py, x/y JPEG pairs)
# are stacked with RGB as channels 4-5 (early fusion, C = 5) and the first
# convolution takes 5 channels (its Kinetics RGB weights do not fit and stay
# randomly initialised; the rest of the backbone is loaded).
_base_ = ['./tuber_i3d-r50_7x1_ucf24.py']

data_root = 'data/ucf24/'
data_prefix = dict(img=data_root + 'rgb-images', flow=data_root + 'flow')

model = dict(
    backbone=dict(in_channels=5),
    data_preprocessor=dict(
        mean=[123.675, 116.28, 103.53, 127.5, 127.5],
        std=[58.395, 57.12, 57.375, 127.5, 127.5]))

train_pipeline = [
    dict(type='LoadFrames'),
    dict(type='LoadFlowFrames'),
    dict(type='TubeletRandomRescale', scale_range=(288, 320)),
    dict(type='TubeletFlip', flip_ratio=0.5),
    dict(
        type='ColorJitter', brightness=0.4, contrast=0.4, saturation=0.4,
        hue=0),
    dict(type='PackTubeletInputs'),
]
test_pipeline = [
    dict(type='LoadFrames'),
    dict(type='LoadFlowFrames'),
    dict(type='TubeletResize', scale=(-1, 256)),
    dict(type='PackTubeletInputs'),
]
train_dataloader = dict(
    dataset=dict(data_prefix=data_prefix, pipeline=train_pipeline))
val_dataloader = dict(
    dataset=dict(data_prefix=data_prefix, pipeline=test_pipeline))
test_dataloader = val_dataloader
