# The 3D baseline of Table 5.4 for this backbone: no aligned block (the
# same AlignedResNet3d with aligned=(0, 0, 0, 0) is the vanilla ResNet3d);
# otherwise
# aligned3d-p2point_i3d-r50_in1k-pre_8xb8-32x1x1-100e_ucf101-split1-rgb.py.
_base_ = [
    './aligned3d-p2point_i3d-r50_in1k-pre_8xb8-32x1x1-100e_ucf101-split1-rgb.py'  # noqa: E501
]

model = dict(backbone=dict(aligned=(0, 0, 0, 0)))
