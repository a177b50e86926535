# The two-in-one TSN of Table 4.1 (right): the ResNet-152 of ./tsn_r152.py
# modulated by the flow of the same frame after `layer1`, as
# ./tsn_r18-tiny_two-in-one.py; flow normalised as in ./tsn_r152_flow.py.
_base_ = ['./tsn_r18-tiny_two-in-one.py']

num_classes = 101
model = dict(
    backbone=dict(
        backbone=dict(
            depth=152,
            pretrained='https://download.pytorch.org/models/'
            'resnet152-394f9c45.pth')),
    cls_head=dict(num_classes=num_classes, in_channels=2048),
    data_preprocessor=dict(std=[58.395, 57.12, 57.375, 128., 128.],
                           mean=[123.675, 116.28, 103.53, 128., 128.]))
