# Trajectory convolution baseline (Eq. 5.7, Table 5.2): Res2.0.conv2 of the
# benchmark's narrow ResNet18-3D reads its neighbouring slices along the
# clip's exact optical flow (TrajectoryResNet3d, TrajectoryConv3d) instead
# of learned offsets. The flow channels are normalised to displacements in
# pixels of the 64x64 input: mean 127.5 (zero displacement) and std
# 127.5 / 20 (quantisation bound, flow_io) x 112 / 64 (frame resize).
_base_ = [
    './_base_/models/r3d18-tiny.py',
    './_base_/datasets/continuity-bench-recognition-fast-rgb-flow.py',
    './_base_/schedules/adamw-cosine_300it.py'
]

custom_imports = dict(imports=['mmcontinuity'], allow_failed_imports=False)
flow_std = 127.5 / 20 * 112 / 64
model = dict(
    backbone=dict(type='TrajectoryResNet3d', aligned=((1, 0), 0, 0, 0)),
    data_preprocessor=dict(
        mean=[123.675, 116.28, 103.53, 127.5, 127.5],
        std=[58.395, 57.12, 57.375, flow_std, flow_std]))
