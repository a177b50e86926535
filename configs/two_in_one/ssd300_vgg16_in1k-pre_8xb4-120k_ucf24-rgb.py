# RGB stream (Eq. 4.1): SSD300-VGG16 on single RGB frames of UCF101-24,
# frame detections linked online into tubes (Table 4.1, Table 4.3).
_base_ = [
    './_base_/models/ssd300_vgg16.py',
    './_base_/datasets/ucf24-frame-rgb.py',
    './_base_/schedules/sgd-step_120k.py'
]

model = dict(bbox_head=dict(num_classes=_base_.num_classes))
