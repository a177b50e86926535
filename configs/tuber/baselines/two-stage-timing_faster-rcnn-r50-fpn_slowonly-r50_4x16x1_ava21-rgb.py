# Timing variant of the two-stage baseline for tools/analysis/benchmark.py
# with random inputs: no checkpoints (untrained weights), and the detector
# keeps its 5 best boxes of any class, so that the action stage always runs
# on 5 boxes (a trained detector finds the persons of a real frame; untrained
# scores favour no class and stay under every threshold).
_base_ = ['./two-stage_faster-rcnn-r50-fpn_slowonly-r50_4x16x1_ava21-rgb.py']

model = dict(
    detector_checkpoint=None,
    action_checkpoint=None,
    detector=dict(test_cfg=dict(rcnn=dict(score_thr=0., max_per_img=5))),
    det_score_thr=0.,
    det_cat_id=None)
