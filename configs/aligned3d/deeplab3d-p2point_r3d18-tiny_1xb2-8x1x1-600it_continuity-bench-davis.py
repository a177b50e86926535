# Moving-object segmentation (Table 5.8) on the benchmark's `davis` split
# (static distractor digits: only motion tells the object): 3D DeepLab with a
# patch-to-point aligned convolution in res2 of its narrow ResNet18-3D
# encoder, 8-frame clips, Adam 1e-3, 600 iterations at batch 2, from
# scratch; DAVISMetric J and F.
_base_ = [
    './_base_/models/deeplab3d_r3d18-tiny_aligned.py',
    './_base_/datasets/continuity-bench-davis.py',
    './_base_/schedules/adam_600it.py'
]

custom_imports = dict(imports=['mmcontinuity'], allow_failed_imports=False)
