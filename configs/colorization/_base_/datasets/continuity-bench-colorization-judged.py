# The `colorization` split for the sampling colorizers: validation and test
# batches of 60 (sampling runs g_omega once per ab pixel for the whole
# batch, so large batches are cheaper per image), and both metrics judge
# the colorizations with the segmentation model of
# baselines/fcn_r18-tiny-d8_1xb8-2k_continuity-bench-colorization-seg.py
# at its 1,000-iteration checkpoint, the judge of the README's results
# (train it first, or point `{val,test}_evaluator.seg_model.checkpoint` at
# its checkpoint): judge mIoU, PSNR / RMSE of the first sample, MS-SSIM
# diversity of the pair, per-class RMSE.
_base_ = ['./continuity-bench-colorization.py']

val_dataloader = dict(batch_size=60)
test_dataloader = val_dataloader
test_evaluator = dict(
    type='ColorizationMetric',
    data_range=255,
    num_classes=11,
    ms_ssim_scales=4,
    seg_model=dict(
        config='{{ fileDirname }}/../../baselines/'
        'fcn_r18-tiny-d8_1xb8-2k_continuity-bench-colorization-seg.py',
        checkpoint='work_dirs/colorization_seg/iter_1000.pth'))
val_evaluator = test_evaluator
