# TubeR I3D-R50 7x1 on J-HMDB-21 split 1, two-stream: RGB and optical flow
# (the model of ..._20e_ucf24-rgb-flow.py: an RGB I3D-R50 with Kinetics-400
# weights and a flow I3D-R50 trained from scratch, features concatenated
# before the projection), 12 epochs.
_base_ = [
    './_base_/models/tuber_i3d-r50_rgb-flow.py',
    './_base_/datasets/jhmdb-rgb-flow.py',
    './_base_/schedules/adamw-plateau_20e.py'
]

model = dict(
    queries=dict(num_frames=_base_.clip_len),
    cls_head=dict(num_classes=_base_.num_classes))
train_cfg = dict(max_epochs=12)
# the flow stream at the transformer's lr (see ..._ucf24-rgb-flow.py)
optim_wrapper = dict(
    paramwise_cfg=dict(custom_keys={
        'backbone': dict(lr_mult=0.1),
        'flow_backbone': dict(lr_mult=1.0)
    }))
