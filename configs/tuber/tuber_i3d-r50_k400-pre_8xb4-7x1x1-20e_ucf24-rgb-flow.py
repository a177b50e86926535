# TubeR I3D-R50 7x1 on UCF101-24, two-stream: RGB and optical flow (the
# thesis' two-stream setting, Sec. 6.4.1), see
# _base_/models/tuber_i3d-r50_rgb-flow.py.
_base_ = [
    './_base_/models/tuber_i3d-r50_rgb-flow.py',
    './_base_/datasets/ucf24-rgb-flow.py',
    './_base_/schedules/adamw-plateau_20e.py'
]

model = dict(
    queries=dict(num_frames=_base_.clip_len),
    cls_head=dict(num_classes=_base_.num_classes))
# the flow stream starts from random weights: the transformer's lr (1e-4),
# not the 0.1x of the Kinetics-initialised RGB backbone (the longest
# matching key wins)
optim_wrapper = dict(
    paramwise_cfg=dict(custom_keys={
        'backbone': dict(lr_mult=0.1),
        'flow_backbone': dict(lr_mult=1.0)
    }))
