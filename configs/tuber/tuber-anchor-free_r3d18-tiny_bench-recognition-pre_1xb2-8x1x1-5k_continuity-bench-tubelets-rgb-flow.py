# The thesis' TubeR (anchor-free: learned tubelet queries, tubelet
# attention, short-term context head, action switch; no proposals, no box
# refinement), tiny, RGB + exact flow on the benchmark. Its backbone starts
# from the recognizer of pretraining/recognizer3d_r3d18-tiny_1xb8-8x1x1-
# 450it_continuity-bench-recognition-rgb-flow.py (the benchmark's
# counterpart of the thesis' Kinetics initialisation), loaded at the TubeR
# level: the recognizer's backbone.* keys load, its cls_head is skipped
# (mmaction2's ResNet3d ignores a backbone-level init_cfg, so
# prefix='backbone.' there would load nothing). As in the thesis the
# backbone trains at 0.1x the transformer's lr. Results: README.md.
_base_ = [
    './_base_/models/tuber_r3d18-tiny_rgb-flow.py',
    './_base_/datasets/continuity-bench-tubelets-rgb-flow.py',
    './_base_/schedules/adamw-cosine_5k.py'
]

pretrained = ('work_dirs/recognizer3d_r3d18-tiny_1xb8-8x1x1-450it_'
              'continuity-bench-recognition-rgb-flow/iter_450.pth')
model = dict(
    queries=dict(num_frames=_base_.clip_len),
    cls_head=dict(num_classes=_base_.num_classes),
    init_cfg=dict(type='Pretrained', checkpoint=pretrained))
optim_wrapper = dict(
    paramwise_cfg=dict(custom_keys=dict(backbone=dict(lr_mult=0.1))))
