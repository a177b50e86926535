# Semantic accuracy of the Zhang et al. baseline's colorizations (Table 2.3):
# `ColorizationMetric` also colorizes every val image (L at 128x128 + the
# predicted ab up-sampled to it, as RGB) and segments it with the segmentation
# model of `fcn_r18-tiny-d8_1xb8-2k_continuity-bench-colorization-seg.py`
# (trained on the colour images), reporting its mIoU against the 32x32 class
# maps.
# Train that model first, or point `test_evaluator.seg_model.checkpoint` at
# its checkpoint.
_base_ = [
    './zhang-ab-classification_r18-tiny-d8_1xb8-600it_'
    'continuity-bench-colorization.py'
]

test_evaluator = dict(
    type='ColorizationMetric',
    data_range=255,
    seg_model=dict(
        config='{{ fileDirname }}/'
        'fcn_r18-tiny-d8_1xb8-2k_continuity-bench-colorization-seg.py',
        checkpoint='work_dirs/colorization_seg/iter_1000.pth'),
    num_classes=11)
