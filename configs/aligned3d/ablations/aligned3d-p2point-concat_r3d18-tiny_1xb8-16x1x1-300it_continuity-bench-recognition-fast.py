# Concatenation vs correlation (Fig. 5.3): the patch-to-point model with
# offsets from the concatenated slices [F_{t-1}, F_t, F_{t+1}] instead of
# correlation features.
_base_ = [
    '../aligned3d-p2point_r3d18-tiny_1xb8-16x1x1-300it_continuity-bench-recognition-fast.py'  # noqa: E501
]

model = dict(
    backbone=dict(
        aligned_conv_cfg=dict(offsets=dict(_delete_=True,
                                           type='ConcatOffsets'))))
