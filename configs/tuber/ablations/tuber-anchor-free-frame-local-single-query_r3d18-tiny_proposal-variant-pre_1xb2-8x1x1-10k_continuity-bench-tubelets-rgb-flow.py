# Table 6.1a on the anchor-free model (tuber-anchor-free-frame-local_..._
# proposal-variant-pre_..._10k): one query embedding per tubelet regressing
# all T_out boxes instead of T_out box queries. A single query has no frame,
# so it reads the whole memory (the thesis' cross-attention, Eq. 6.6): the
# frame-local layer needs one box query per output frame.
_base_ = [
    '../tuber-anchor-free-frame-local_r3d18-tiny_proposal-variant-pre_'
    '1xb2-8x1x1-10k_continuity-bench-tubelets-rgb-flow.py'
]

model = dict(
    bbox_head=dict(frames_per_query=_base_.clip_len),
    decoder=dict(layer_cfg=dict(type='TubeRDecoderLayer')))
