# The anchor-free TubeR of tuber-anchor-free_..._rgb-flow.py whose box
# query of output frame t carries, as its frame embedding, the encoder's
# temporal positional embedding of the memory tokens of frame t
# (TubeletQueries frame_embed='encoder'; the default 'index' is a sine of
# the box query index over all channels). An initialisation the thesis
# leaves open ("We initialize the box embeddings identically for a tubelet
# query"), ours. No anchors, no proposals. README.md: "Levers for the
# anchor-free decoder".
_base_ = [
    '../tuber-anchor-free_r3d18-tiny_bench-recognition-pre_1xb2-8x1x1-5k_'
    'continuity-bench-tubelets-rgb-flow.py'
]

model = dict(queries=dict(frame_embed='encoder'))
