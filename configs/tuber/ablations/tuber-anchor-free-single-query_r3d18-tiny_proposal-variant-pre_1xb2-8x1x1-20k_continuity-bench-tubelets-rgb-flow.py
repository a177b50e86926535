# Table 6.1a on the thesis' anchor-free model (tuber-anchor-free_r3d18-tiny_
# proposal-variant-pre_..._20k_...): one query embedding per tubelet
# regressing all T_out boxes instead of T_out box queries.
_base_ = [
    '../tuber-anchor-free_r3d18-tiny_proposal-variant-pre_1xb2-8x1x1-20k_'
    'continuity-bench-tubelets-rgb-flow.py'
]

model = dict(bbox_head=dict(frames_per_query=_base_.clip_len))
