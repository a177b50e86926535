# TubeR I3D-R50 7x1 on UCF101-24, two-stream: RGB and optical flow (the
# thesis' two-stream setting, Sec. 6.4.1). The flow frames
# (tools/data/extract_flow.py, x/y JPEG pairs) are loaded with the RGB frames
# as channels 4-5 of the clip; TubeR sends channels 1-3 through the RGB
# I3D-R50 (Kinetics-400 weights, loaded by the base config's init_cfg) and
# channels 4-5 through a second I3D-R50 with a 2-channel input (randomly
# initialised, see _base_/models/i3d-r50_flow-stream.py); the two
# 2048-channel features are concatenated before the 1x1x1 projection.
_base_ = [
    './tuber_i3d-r50_7x1_ucf24.py', './_base_/models/i3d-r50_flow-stream.py'
]

data_root = 'data/ucf24/'
data_prefix = dict(img=data_root + 'rgb-images', flow=data_root + 'flow')

model = dict(
    flow_backbone={{_base_.flow_backbone}},
    in_channels=4096,
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

tta_pipeline = test_pipeline[:-1] + [
    dict(
        type='TestTimeAug',
        transforms=[[
            dict(type='TubeletFlip', flip_ratio=0.),
            dict(type='TubeletFlip', flip_ratio=1.)
        ], [test_pipeline[-1]]])
]
train_dataloader = dict(
    dataset=dict(data_prefix=data_prefix, pipeline=train_pipeline))
val_dataloader = dict(
    dataset=dict(data_prefix=data_prefix, pipeline=test_pipeline))
test_dataloader = val_dataloader
# the flow stream starts from random weights: the transformer's lr (1e-4),
# not the 0.1x of the Kinetics-initialised RGB backbone (the longest
# matching key wins)
optim_wrapper = dict(
    paramwise_cfg=dict(
        custom_keys={
            'backbone': dict(lr_mult=0.1),
            'flow_backbone': dict(lr_mult=1.0)
        }))
