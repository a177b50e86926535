# The long-term context input of continuity-bench-tubelets-rgb_feature-bank.py
# with the benchmark's optical flow (as continuity-bench-tubelets-rgb-flow.py),
# from a bank of its own (written from a trained RGB + flow model).
_base_ = ['./continuity-bench-tubelets-rgb_feature-bank.py']

bank_dir = _base_.data_root + 'feature_bank_rgb-flow'
data_prefix = dict(_base_.data_prefix, flow=_base_.data_root + 'flow')
# [LoadFrames, LoadFeatureBank, ...] -> [LoadFrames, LoadFlowFrames,
# LoadFeatureBank (this bank), ...]
train_pipeline, test_pipeline = (
    p[:1] + [dict(type='LoadFlowFrames'),
             dict(p[1], bank_dir=bank_dir)] + p[2:]
    for p in (_base_.train_pipeline, _base_.test_pipeline))
train_dataloader, val_dataloader = (
    dict(dataset=dict(data_prefix=data_prefix, pipeline=pipeline))
    for pipeline in (train_pipeline, test_pipeline))
test_dataloader = val_dataloader
