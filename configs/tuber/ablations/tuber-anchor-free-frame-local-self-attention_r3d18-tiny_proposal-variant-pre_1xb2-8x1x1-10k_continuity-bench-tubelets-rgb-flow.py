# Table 6.1b on the anchor-free model (tuber-anchor-free-frame-local_..._
# proposal-variant-pre_..._10k): one self-attention over all N x T_out box
# queries instead of the tubelet attention (spatial, then temporal).
_base_ = [
    '../tuber-anchor-free-frame-local_r3d18-tiny_proposal-variant-pre_'
    '1xb2-8x1x1-10k_continuity-bench-tubelets-rgb-flow.py'
]

model = dict(decoder=dict(layer_cfg=dict(attn_mode='self')))
