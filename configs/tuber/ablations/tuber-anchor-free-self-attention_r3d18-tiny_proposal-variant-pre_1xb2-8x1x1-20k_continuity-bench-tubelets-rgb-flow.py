# Table 6.1b on the thesis' anchor-free model (tuber-anchor-free_r3d18-tiny_
# proposal-variant-pre_..._20k_...): one self-attention over all N x T_out
# box queries instead of the tubelet attention (spatial, then temporal).
_base_ = [
    '../tuber-anchor-free_r3d18-tiny_proposal-variant-pre_1xb2-8x1x1-20k_'
    'continuity-bench-tubelets-rgb-flow.py'
]

model = dict(decoder=dict(layer_cfg=dict(attn_mode='self')))
