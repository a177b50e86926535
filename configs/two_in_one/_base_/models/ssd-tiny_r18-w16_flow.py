# The flow stream of the tiny SSD (ssd-tiny_r18-w16.py) on 3-channel flow
# images (x, y, magnitude: AddFlowMagnitude). The benchmark's actors move
# 1.5-3 pixels per frame, a few quantisation levels: the flow is normalised
# with std 8 levels (about 1.25 pixels at the default bound of 20 pixels),
# as in the tiny TubeR configs.
_base_ = ['./ssd-tiny_r18-w16.py']

model = dict(data_preprocessor=dict(mean=[127.5, 127.5, 0.], std=[8., 8., 8.]))
