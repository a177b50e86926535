# The `classification` split of the built-in benchmark for comparing
# pooling layers: train on its 1000 train images, validate on its 2000
# `val` images (0.5-point differences measurable); the test set stays the
# 200 `test` images on which the robustness protocols of the max-pooling
# baseline run.
_base_ = ['./continuity-bench-cls.py']

val_dataloader = dict(dataset=dict(ann_file='meta/val.txt', data_prefix='val'))
