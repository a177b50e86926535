# Table 4.2 (what flow?): the flow stream with TV-L1 flow (accurate, our
# stand-in for BroxFlow's role) instead of BroxFlow: the x/y pairs of
#   python tools/data/extract_flow.py data/ucf24/rgb-images \
#       data/ucf24/flow_tvl1 --batch --method tvl1
_base_ = ['../ssd300_vgg16_in1k-pre_8xb4-120k_ucf24-flow.py']

flow_loader = dict(type='LoadFlowFrames')  # x/y pairs
data_prefix = dict(_base_.data_prefix, flow=_base_.data_root + 'flow_tvl1')
train_pipeline, test_pipeline = (
    [flow_loader if t.type == 'LoadFlowFrames' else t for t in p]
    for p in (_base_.train_pipeline, _base_.test_pipeline))
train_dataloader, val_dataloader = (
    dict(dataset=dict(data_prefix=data_prefix, pipeline=pipeline))
    for pipeline in (train_pipeline, test_pipeline))
test_dataloader = val_dataloader
