# Table 6.1b on the built-in benchmark: plain self-attention over all N x T
# box query embeddings in the decoder instead of tubelet attention (spatial
# then temporal self-attention).
_base_ = ['../tuber_r3d18-tiny_1xb2-8x1x1-3e_continuity-bench-tubelets-rgb.py']

model = dict(decoder=dict(layer_cfg=dict(attn_mode='self')))
