# Table 6.1b on the built-in benchmark, RGB + flow input: plain
# self-attention over all N x T box query embeddings instead of tubelet
# attention.
_base_ = ['../tuber_r3d18-tiny_8x1_continuity-bench_rgb-flow.py']

model = dict(decoder=dict(layer_cfg=dict(attn_mode='self')))
