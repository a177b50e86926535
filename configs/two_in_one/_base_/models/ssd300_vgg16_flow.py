# The flow stream (Eq. 4.2): SSD300-VGG16 of ssd300_vgg16.py on 3-channel
# flow images (x, y, magnitude: AddFlowMagnitude), from the same
# ImageNet-pretrained VGG-16, zero displacement (127.5) and zero magnitude
# subtracted.
_base_ = ['./ssd300_vgg16.py']

model = dict(data_preprocessor=dict(mean=[127.5, 127.5, 0.]))
