# Patch-to-point aligned 3D convolution (Eq. 5.5) with correlation offsets
# in res2 (Res2.0.conv2) of the benchmark's narrow ResNet18-3D (Table 5.2);
# otherwise identical to the vanilla baseline
# vanilla3d_r3d18-tiny_1xb8-16x1x1-300it_continuity-bench-recognition-fast.py.
_base_ = [
    './_base_/models/r3d18-tiny_aligned.py',
    './_base_/datasets/continuity-bench-recognition-fast.py',
    './_base_/schedules/adamw-cosine_300it.py'
]

custom_imports = dict(imports=['mmcontinuity'], allow_failed_imports=False)
