# Two-in-one stream (Eq. 4.3-4.6): SSD300-VGG16 on single RGB frames of
# UCF101-24, modulated after conv2 by the BroxFlow (3x3 condition, the final
# setting of Fig. 4.5); frame detections linked online into tubes (Table 4.3).
_base_ = [
    './_base_/models/ssd300_vgg16_two-in-one.py',
    './_base_/datasets/ucf24-frame-rgb-flow.py',
    './_base_/schedules/sgd-step_120k.py'
]

model = dict(bbox_head=dict(num_classes=_base_.num_classes))
