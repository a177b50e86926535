# Automatic colorization baseline of Chapter 2 (Table 2.3): Zhang et al.'s
# classification over quantised ab colours (ECCV 2016; 225 in-gamut bins of
# 10 units, soft-encoded targets, annealed-mean decoding at T = 0.38, no
# class rebalancing) with an FCN on a narrow dilated ResNet-18, on the
# `colorization` split of the built-in benchmark (128x128 images of 1-3
# digits whose hue depends on the digit class, 300 train / 60 val).
# Gray L input 128x128, ab output 32x32 as in the thesis. `ColorizationMetric`
# reports ab PSNR (dB) and RMSE of the colorizations.
_base_ = [
    '../_base_/models/zhang-ab-classification_r18-tiny-d8.py',
    '../_base_/datasets/continuity-bench-colorization.py',
    '../_base_/schedules/adam-poly_600it.py'
]
