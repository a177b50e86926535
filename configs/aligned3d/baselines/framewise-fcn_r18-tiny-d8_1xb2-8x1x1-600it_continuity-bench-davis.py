# Per-frame video object segmentation baseline for DAVIS-2016 J&F (Chapter
# 5, Table 5.8) on the `davis` split of the built-in benchmark: an FCN on a
# narrow dilated ResNet-18 (mmseg) segments every frame of an 8-frame clip
# independently (`FrameSegmentor`), the reference the aligned 3D
# convolutions add time to. `DAVISMetric` reports J and F (mean, recall,
# decay, percent) over the val sequences.
_base_ = [
    '../_base_/models/framewise-fcn_r18-tiny-d8.py',
    '../_base_/datasets/continuity-bench-davis.py',
    '../_base_/schedules/sgd-poly_600it.py'
]
