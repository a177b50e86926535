# Table 6.1d ("FC head") on the built-in benchmark: the tubelet features are
# classified by a linear layer (Eq. 6.8), without the short-term context
# attention to the backbone features (Eq. 6.9).
_base_ = ['../tuber_r3d18-tiny_1xb2-8x1x1-3e_continuity-bench-tubelets-rgb.py']

model = dict(cls_head=dict(context='none'))
