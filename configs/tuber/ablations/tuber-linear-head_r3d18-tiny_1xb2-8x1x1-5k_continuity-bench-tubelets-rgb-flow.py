# Table 6.1d ("FC head") on the built-in benchmark, RGB + flow input: linear
# classification of the tubelet features (Eq. 6.8), no short-term context.
_base_ = [
    '../tuber_r3d18-tiny_1xb2-8x1x1-5k_continuity-bench-tubelets-rgb-flow.py'
]

model = dict(cls_head=dict(context='none'))
