# The `recognition_fast` split as RGB frames + their exact flow (channels
# 4-5, StackFlow) for the trajectory-convolution baseline. The flow values
# are displacements in pixels of the 112x112 frames, which a geometric
# transform does not rescale: both pipelines resize the whole frame to
# 64x64 (no multi-scale crop), so a fixed factor 64 / 112 converts them
# (see the config's data preprocessor).
_base_ = ['./continuity-bench-recognition-fast.py']

load_flow = dict(
    type='KeyMapper',
    transforms=[dict(type='LoadFlowFrames')],
    mapping=dict(flow_dir='frame_dir'),
    auto_remap=False)
train_pipeline = [
    _base_.train_pipeline[0],
    dict(type='RawFrameDecode'),
    load_flow,
    dict(type='StackFlow'),
    *_base_.test_pipeline[2:],
]
test_pipeline = [*_base_.test_pipeline[:2], load_flow,
                 dict(type='StackFlow'), *_base_.test_pipeline[2:]]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
