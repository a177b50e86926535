# Table 3.6 baseline (64.0 mIoU): SegNet with max-unpooling followed by a
# 3x3 binomial blur (BlurPool at stride 1, Zhang 2019).
_base_ = ['./segnet-vgg13-liftuppool_4xb4-20k_voc12aug-512x512.py']

model = dict(
    backbone=dict(
        sampling_cfg=dict(
            _delete_=True, type='BlurMaxUnpoolSampling', filter_size=3)))
