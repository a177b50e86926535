# The anchor-free tiny TubeR with the thesis' number of tubelet queries
# (N = 15, Sec. 6.4.1) instead of the tiny configs' 5: the one fix tried
# after the 5-query model did not localise (../README.md).
_base_ = [
    '../tuber-anchor-free_r3d18-tiny_bench-recognition-pre_1xb2-8x1x1-5k_'
    'continuity-bench-tubelets-rgb-flow.py'
]

model = dict(queries=dict(num_queries=15))
