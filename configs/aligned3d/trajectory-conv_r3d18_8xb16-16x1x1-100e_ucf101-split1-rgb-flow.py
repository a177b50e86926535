# Trajectory convolution baseline (Eq. 5.7, Table 5.2) on UCF101 split 1:
# Res2.0.conv2 of ResNet18-3D follows the dataset's optical flow
# (tools/data/extract_flow.py: flow_{x,y}_%05d.jpg next to the RGB frames,
# quantisation bound 20 px) instead of learned offsets. The flow values do
# not follow a geometric transform, so the pipelines use one fixed scale:
# short side 128 from 240 (x 128 / 240), a random (training) or centre
# (test) 112 crop, no multi-scale crop and no flip (a flip would negate
# flow x); the flow channels' std 127.5 / 20 / (128 / 240) makes them
# displacements in pixels of the clip.
_base_ = ['./vanilla3d_r3d18_8xb16-16x1x1-100e_ucf101-split1-rgb.py']

flow_std = 127.5 / 20 * 240 / 128
model = dict(
    backbone=dict(type='TrajectoryResNet3d', aligned=((1, 0), 0, 0, 0)),
    data_preprocessor=dict(
        mean=[123.675, 116.28, 103.53, 127.5, 127.5],
        std=[58.395, 57.12, 57.375, flow_std, flow_std]))
load_flow = dict(
    type='KeyMapper',
    transforms=[dict(type='LoadFlowFrames')],
    mapping=dict(flow_dir='frame_dir'),
    auto_remap=False)
train_pipeline = [
    *_base_.train_pipeline[:2], load_flow,
    dict(type='StackFlow'),
    dict(type='Resize', scale=(-1, 128)),
    dict(type='RandomCrop', size=112), *_base_.train_pipeline[-2:]
]
test_pipeline = [
    *_base_.test_pipeline[:2], load_flow,
    dict(type='StackFlow'), *_base_.test_pipeline[2:]
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
