# The tiny SSD, flow stream, single frames of the built-in benchmark, linked
# online into tubes (video-mAP). Trains on a CPU in minutes; 9,600 iterations.
_base_ = [
    './_base_/models/ssd-tiny_r18-w16_flow.py',
    './_base_/datasets/continuity-bench-tubelets-frame-flow.py',
    './_base_/schedules/sgd-step_9600.py'
]

model = dict(bbox_head=dict(num_classes=_base_.num_classes))
