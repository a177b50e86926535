# Baseline of the CPU benchmark: the narrow SegNet with max-unpooling
# followed by a 3x3 binomial blur (BlurPool at stride 1).
_base_ = ['./segnet-vgg13-tiny-liftuppool_1xb8-1k_continuity-bench-seg.py']

model = dict(
    backbone=dict(
        sampling_cfg=dict(
            _delete_=True, type='BlurMaxUnpoolSampling', filter_size=3)))
