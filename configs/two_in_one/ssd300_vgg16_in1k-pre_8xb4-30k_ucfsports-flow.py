# Flow stream (Eq. 4.2): SSD300-VGG16 on single BroxFlow images (x, y,
# magnitude) of UCF-Sports, frame detections linked online into tubes
# (Table 4.1, Table 4.3).
_base_ = [
    './_base_/models/ssd300_vgg16_flow.py',
    './_base_/datasets/ucfsports-frame-flow.py',
    './_base_/schedules/sgd-step_30k.py'
]

model = dict(bbox_head=dict(num_classes=_base_.num_classes))
