# Table 4.2 (what flow?) on the benchmark: the tiny flow stream with
# Farneback flow (estimated, our stand-in for RealTimeFlow) instead of the
# benchmark's exact flow, x/y pairs with the exact flow's file names and
# quantisation bound, written by
#   python tools/data/extract_flow.py \
#       data/continuity_bench/tubelets/rawframes \
#       data/continuity_bench/tubelets/flow_farneback \
#       --batch --method farneback
_base_ = [
    '../ssd-tiny_r18-w16_1xb8-600_continuity-bench-tubelets-flow.py'
]

data_prefix = dict(
    _base_.data_prefix, flow=_base_.data_root + 'flow_farneback')
train_dataloader = dict(dataset=dict(data_prefix=data_prefix))
val_dataloader = dict(dataset=dict(data_prefix=data_prefix))
test_dataloader = val_dataloader
