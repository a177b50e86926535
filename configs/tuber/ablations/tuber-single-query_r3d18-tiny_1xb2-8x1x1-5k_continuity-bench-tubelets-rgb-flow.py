# Table 6.1a on the built-in benchmark, RGB + flow input: one query embedding
# per tubelet that regresses all T_out boxes (TubeletBoxHead gets
# frames_per_query = T_out), instead of the tubelet query set of T_out box
# query embeddings.
_base_ = [
    '../tuber_r3d18-tiny_1xb2-8x1x1-5k_continuity-bench-tubelets-rgb-flow.py'
]

model = dict(bbox_head=dict(frames_per_query=_base_.clip_len))
