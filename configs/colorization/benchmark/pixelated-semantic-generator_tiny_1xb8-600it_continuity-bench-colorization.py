# The thesis' final model, the purple+blue+green flow (Eq. 2.4: g_omega
# conditioned on f_theta(X_L | X_S) and h_phi(X_L)), at tiny width on the
# benchmark's `colorization` split (digits whose hue depends on the class;
# generate it with --scale 4: 1,200 train / 240 val images).
_base_ = [
    '../_base_/models/pixelated-semantic-generator.py',
    '../_base_/models/pixelated_tiny.py',
    '../_base_/datasets/continuity-bench-colorization-judged.py',
    '../_base_/schedules/adam-ema_600it.py'
]

model = dict(_base_.tiny_model, seg_head=_base_.tiny_seg_head)
