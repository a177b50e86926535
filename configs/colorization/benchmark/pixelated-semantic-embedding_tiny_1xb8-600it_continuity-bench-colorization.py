# The purple+blue flow (Eq. 2.3: segmentation branch h_phi on the shared
# bottom layers, g_omega conditioned on f_theta(X_L | X_S) only) at tiny
# width on the benchmark's `colorization` split (--scale 4).
_base_ = [
    '../_base_/models/pixelated-semantic-embedding.py',
    '../_base_/models/pixelated_tiny.py',
    '../_base_/datasets/continuity-bench-colorization-judged.py',
    '../_base_/schedules/adam-ema_600it.py'
]

model = dict(_base_.tiny_model, seg_head=_base_.tiny_seg_head)
