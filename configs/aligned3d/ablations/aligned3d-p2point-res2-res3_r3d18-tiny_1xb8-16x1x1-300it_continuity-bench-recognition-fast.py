# Where to apply the aligned convolution (Fig. 5.4, Table C.2): the
# patch-to-point convolution in the first block of res2, res3 instead of
# res2 only.
_base_ = [
    '../aligned3d-p2point_r3d18-tiny_1xb8-16x1x1-300it_continuity-bench-recognition-fast.py'  # noqa: E501
]

model = dict(backbone=dict(aligned=((1, 0), (1, 0), 0, 0)))
