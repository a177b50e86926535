# TubeR with an I3D-R50 backbone on AVA v2.1, 16 frames every 4th frame
# (Table 6.2, comparison to end-to-end models). mmaction2's I3D strides time
# by 4 (conv1 and pool1; pool2 removed): 16 input frames give T_out = 4.
_base_ = ['./tuber_ircsn-r50_32x2_ava21.py']

# Kinetics-400 I3D-R50 (ImageNet-inflated) of mmaction2
pretrained = ('https://download.openmmlab.com/mmaction/v1.0/recognition/i3d/'
              'i3d_imagenet-pretrained-r50_8xb8-32x2x1-100e_kinetics400-rgb/'
              'i3d_imagenet-pretrained-r50_8xb8-32x2x1-100e_kinetics400-rgb_'
              '20220812-e213c223.pth')
clip_len = 16
frame_interval = 4
model = dict(
    init_cfg=dict(type='Pretrained', checkpoint=pretrained),
    backbone=dict(
        _delete_=True,
        type='ResNet3d',
        depth=50,
        pretrained=None,
        pretrained2d=False,
        conv1_kernel=(5, 7, 7),
        conv1_stride_t=2,
        pool1_stride_t=2,
        conv_cfg=dict(type='Conv3d'),
        inflate=((1, 1, 1), (1, 0, 1, 0), (1, 0, 1, 0, 1, 0), (0, 1, 0)),
        with_pool2=False,
        norm_eval=True,
        zero_init_residual=False))

meta_keys = ('video_id', 'timestamp', 'img_key', 'img_shape',
             'original_shape', 'scale_factor', 'flip', 'key_frame_index')
train_pipeline = [
    dict(
        type='SampleAVAFrames',
        clip_len=clip_len,
        frame_interval=frame_interval),
    dict(type='AVATubeletBoxes'),
    dict(type='RawFrameDecode'),
    dict(type='TubeletRandomRescale', scale_range=(288, 320)),
    dict(type='Flip', flip_ratio=0.5),
    dict(
        type='ColorJitter', brightness=0.4, contrast=0.4, saturation=0.4,
        hue=0),
    dict(type='PackTubeletInputs', meta_keys=meta_keys),
]
val_pipeline = [
    dict(
        type='SampleAVAFrames',
        clip_len=clip_len,
        frame_interval=frame_interval,
        test_mode=True),
    dict(type='AVATubeletBoxes'),
    dict(type='RawFrameDecode'),
    dict(type='Resize', scale=(-1, 256)),
    dict(type='PackTubeletInputs', meta_keys=meta_keys),
]

tta_pipeline = val_pipeline[:-1] + [
    dict(
        type='TestTimeAug',
        transforms=[[
            dict(type='Flip', flip_ratio=0.),
            dict(type='Flip', flip_ratio=1.)
        ], [val_pipeline[-1]]])
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=val_pipeline))
test_dataloader = val_dataloader
