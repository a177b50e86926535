# Table 6.1b on the built-in benchmark, RGB + flow input: plain
# self-attention over all N x T box query embeddings instead of tubelet
# attention.
_base_ = [
    '../tuber_r3d18-tiny_1xb2-8x1x1-5k_continuity-bench-tubelets-rgb-flow.py'
]

model = dict(decoder=dict(layer_cfg=dict(attn_mode='self')))
