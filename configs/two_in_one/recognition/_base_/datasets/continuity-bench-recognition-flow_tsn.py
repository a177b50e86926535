# Flow segments of ./continuity-bench-recognition-rgb-flow_tsn.py: the
# flow frames replace the decoded RGB frames (LoadFlowFrames' flow_imgs
# written to imgs; RawFrameDecode stays for the frame shapes), with the
# same geometric augmentation.
_base_ = ['./continuity-bench-recognition-rgb-flow_tsn.py']

flow_as_imgs = dict(
    type='KeyMapper',
    transforms=[dict(type='LoadFlowFrames')],
    mapping=dict(flow_dir='frame_dir', flow_imgs='imgs'),
    auto_remap=True)
train_pipeline = [
    flow_as_imgs if step['type'] == 'KeyMapper' else step
    for step in _base_.train_pipeline
    if step['type'] not in ('ColorJitter', 'StackFlow')
]
test_pipeline = [
    flow_as_imgs if step['type'] == 'KeyMapper' else step
    for step in _base_.test_pipeline if step['type'] != 'StackFlow'
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
