# Fig. 2.10, model (2): segmentation only (lambda_1 = lambda_3 = 0),
# initialised from a colorization checkpoint: the purple flow's benchmark
# model (benchmark/pixelated-colorizer_tiny_1xb8-600it_...; its bottom,
# f_theta and g_omega load, h_phi starts from scratch). Train that model
# first or point `load_from` at its checkpoint.
_base_ = [
    './pixelated-semantic-embedding_tiny_1xb8-600it_'
    'continuity-bench-colorization-seg-only-scratch.py'
]

load_from = 'work_dirs/colorization_purple/iter_600.pth'
