# Segmentation model that judges colorizations (Table 2.3, "semantic
# accuracy"): an FCN on a narrow dilated ResNet-18 trained on the colour
# images of the `colorization` split (11 classes: background and the ten
# digits, whose hue depends on the class). `ColorizationMetric(seg_model=...)`
# of the `-semantic` colorization config applies it to colorized images
# through `test_pipeline` (which resizes any input to 128x128).
_base_ = [
    '../_base_/models/fcn_r18-tiny-d8.py',
    '../_base_/datasets/continuity-bench-colorization-seg.py',
    '../_base_/schedules/adam-poly_2k.py'
]
