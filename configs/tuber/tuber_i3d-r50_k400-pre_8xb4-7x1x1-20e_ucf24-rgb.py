# TubeR on UCF101-24 (Table 6.1, 6.4): I3D-R50 (Kinetics-400) without
# temporal striding, so a 7-frame clip gives dense tubelets
# (T_out = T_in = 7); 3 encoder + 3 decoder layers (Sec. 6.4.1), 15 tubelet
# queries, tubelet attention, short-term context, action switch; softmax
# classification with a no-action class; video-mAP of the linked tubelets
# (TubeletVideoMAP, ACT protocol).
_base_ = [
    './_base_/models/tuber_i3d-r50.py', './_base_/datasets/ucf24-rgb.py',
    './_base_/schedules/adamw-plateau_20e.py'
]

model = dict(
    queries=dict(num_frames=_base_.clip_len),
    cls_head=dict(num_classes=_base_.num_classes))
