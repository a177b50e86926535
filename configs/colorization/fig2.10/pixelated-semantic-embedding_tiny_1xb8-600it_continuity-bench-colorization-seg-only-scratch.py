# Fig. 2.10, model (3): segmentation only (lambda_1 = lambda_3 = 0 in Eq.
# 2.6, so f_theta's head and g_omega get no gradient), from scratch; the
# same network, data and validation as the joint model.
_base_ = [
    './pixelated-semantic-embedding_tiny_1xb8-600it_'
    'continuity-bench-colorization-joint.py'
]

model = dict(
    embedding=dict(loss=dict(loss_weight=0.0)),
    generator=dict(loss=dict(loss_weight=0.0)))
