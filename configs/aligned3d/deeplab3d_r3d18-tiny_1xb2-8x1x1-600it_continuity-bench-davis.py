# The "3D baseline" of Table 5.8 on the benchmark's `davis` split: 3D
# DeepLab with the vanilla narrow ResNet18-3D encoder; otherwise
# deeplab3d-p2point_r3d18-tiny_1xb2-8x1x1-600it_continuity-bench-davis.py.
_base_ = [
    './_base_/models/deeplab3d_r3d18-tiny.py',
    './_base_/datasets/continuity-bench-davis.py',
    './_base_/schedules/adam_600it.py'
]

custom_imports = dict(imports=['mmcontinuity'], allow_failed_imports=False)
