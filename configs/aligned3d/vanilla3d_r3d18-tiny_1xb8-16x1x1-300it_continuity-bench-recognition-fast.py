# Vanilla 3D baseline of the benchmark (Table 5.2's "3D baseline"): the
# narrow ResNet18-3D on 16x64x64 clips of the `recognition_fast` split,
# from scratch, AdamW lr 1e-3, 300 iterations at batch 8.
_base_ = [
    './_base_/models/r3d18-tiny.py',
    './_base_/datasets/continuity-bench-recognition-fast.py',
    './_base_/schedules/adamw-cosine_300it.py'
]

custom_imports = dict(imports=['mmcontinuity'], allow_failed_imports=False)
