# The purple flow (Eq. 2.2: no semantics, g_omega conditioned on
# f_theta(X_L)) at tiny width on the benchmark's `colorization` split
# (--scale 4).
_base_ = [
    '../_base_/models/pixelated-colorizer.py',
    '../_base_/models/pixelated_tiny.py',
    '../_base_/datasets/continuity-bench-colorization-judged.py',
    '../_base_/schedules/adam-ema_600it.py'
]

model = _base_.tiny_model
