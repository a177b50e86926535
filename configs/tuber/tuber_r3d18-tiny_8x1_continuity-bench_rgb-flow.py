# TubeR, tiny, RGB + optical flow on the built-in benchmark. The benchmark's
# classes (and the action switch) are defined by motion only, which a 3D
# backbone trained from scratch for minutes learns slowly from RGB (see
# README); here the benchmark's exact flow (written by
# make_continuity_bench.py next to the frames) is stacked with RGB as
# channels 4-5 of the clip (early fusion into one backbone; the UCF101-24 /
# J-HMDB RGB + flow configs are two-stream). The flow channels are normalised with std 8
# quantisation levels (about 1.25 pixels of displacement at the default
# bound of 20 pixels) instead of 127.5: the benchmark's actors move 1.5-3
# pixels per frame, which std 127.5 would scale to about 0.1.
# Schedule: 5,000 iterations (3 epochs), the schedule of its ablations.
_base_ = ['./tuber_r3d18-tiny_8x1_continuity-bench.py']

data_root = 'data/continuity_bench/tubelets/'
data_prefix = dict(img=data_root + 'rawframes', flow=data_root + 'flow')

model = dict(
    backbone=dict(in_channels=5),
    data_preprocessor=dict(
        mean=[123.675, 116.28, 103.53, 127.5, 127.5],
        std=[58.395, 57.12, 57.375, 8., 8.]))

train_pipeline = [
    dict(type='LoadFrames'),
    dict(type='LoadFlowFrames'),
    dict(type='TubeletRandomRescale', scale_range=(112, 136)),
    dict(type='TubeletRandomCrop', size=112),
    dict(
        type='ColorJitter', brightness=0.3, contrast=0.3, saturation=0.3,
        hue=0),
    dict(type='PackTubeletInputs'),
]
test_pipeline = [
    dict(type='LoadFrames'),
    dict(type='LoadFlowFrames'),
    dict(type='PackTubeletInputs'),
]
train_dataloader = dict(
    dataset=dict(data_prefix=data_prefix, pipeline=train_pipeline))
val_dataloader = dict(
    dataset=dict(data_prefix=data_prefix, pipeline=test_pipeline))
test_dataloader = val_dataloader

train_cfg = dict(
    _delete_=True, type='IterBasedTrainLoop', max_iters=5000,
    val_interval=5000)
param_scheduler = [
    dict(type='LinearLR', start_factor=0.1, by_epoch=False, begin=0, end=50),
    dict(
        type='CosineAnnealingLR', eta_min=1e-5, by_epoch=False, begin=50,
        end=5000),
]
default_hooks = dict(
    checkpoint=dict(by_epoch=False, interval=5000, max_keep_ckpts=1))
