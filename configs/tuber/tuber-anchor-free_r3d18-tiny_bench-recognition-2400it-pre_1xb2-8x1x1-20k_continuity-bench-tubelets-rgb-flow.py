# The thesis' anchor-free TubeR of
# tuber-anchor-free_r3d18-tiny_proposal-variant-pre_1xb2-8x1x1-20k_
# continuity-bench-tubelets-rgb-flow.py (same model, data, frozen backbone,
# schedule) with the backbone the issue names as the benchmark's counterpart
# of the thesis' Kinetics initialisation: the tiny backbone pretrained on the
# benchmark's `recognition` split alone, by
# pretraining/recognizer3d_r3d18-tiny_1xb8-8x1x1-2400it_continuity-bench-
# recognition-rgb-flow.py, never shown a box. Only the checkpoint differs:
#   python tools/misc/extract_weights.py \
#       work_dirs/<recognizer>/iter_2400.pth work_dirs/<recognizer>/backbone.pth \
#       --prefix backbone.
_base_ = [
    './tuber-anchor-free_r3d18-tiny_proposal-variant-pre_1xb2-8x1x1-20k_'
    'continuity-bench-tubelets-rgb-flow.py'
]

pretrained = ('work_dirs/recognizer3d_r3d18-tiny_1xb8-8x1x1-2400it_'
              'continuity-bench-recognition-rgb-flow/backbone.pth')
model = dict(init_cfg=dict(checkpoint=pretrained))
