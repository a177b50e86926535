# Baseline of the CPU benchmark: the narrow SegNet with 2x2 max pooling in
# the encoder and max-unpooling at the recorded indices in the decoder.
_base_ = ['./segnet-vgg13-tiny-liftuppool_1xb8-1k_continuity-bench-seg.py']

model = dict(
    backbone=dict(sampling_cfg=dict(_delete_=True, type='MaxUnpoolSampling')))
