# Baseline of the tiny SegNet recipe on the scale-8 split: max-unpooling
# followed by a 3x3 binomial blur (BlurPool at stride 1); the encoder (max
# pooling) as in the MaxUnpool config.
_base_ = [
    './segnet-vgg13-tiny-clsinit-maxunpool_1xb8-3k_'
    'continuity-bench-seg8.py'
]

model = dict(
    backbone=dict(
        sampling_cfg=dict(
            _delete_=True, type='BlurMaxUnpoolSampling', filter_size=3)))
