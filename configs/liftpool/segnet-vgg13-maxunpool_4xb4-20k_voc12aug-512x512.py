# Table 3.6 baseline (62.7 mIoU): SegNet whose encoder max-pools 2x2 and
# records the indices of the maxima, its decoder max-unpools there.
_base_ = ['./segnet-vgg13-liftuppool_4xb4-20k_voc12aug-512x512.py']

model = dict(
    backbone=dict(sampling_cfg=dict(_delete_=True, type='MaxUnpoolSampling')))
