# The proposal extension (tuber_r3d18-tiny_1xb2-8x1x1-5k_continuity-bench-
# tubelets-rgb-flow.py) with the pretrained backbone and backbone lr_mult of
# the anchor-free config (tuber-anchor-free_r3d18-tiny_bench-recognition-pre_
# 1xb2-8x1x1-5k_continuity-bench-tubelets-rgb-flow.py): the like-for-like
# comparison for it.
_base_ = [
    './tuber_r3d18-tiny_1xb2-8x1x1-5k_continuity-bench-tubelets-rgb-flow.py'
]

pretrained = ('work_dirs/recognizer3d_r3d18-tiny_1xb8-8x1x1-450it_'
              'continuity-bench-recognition-rgb-flow/iter_450.pth')
model = dict(init_cfg=dict(type='Pretrained', checkpoint=pretrained))
optim_wrapper = dict(
    paramwise_cfg=dict(custom_keys=dict(backbone=dict(lr_mult=0.1))))
