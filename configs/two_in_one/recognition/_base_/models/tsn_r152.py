# The thesis' TSN for UCF101 (Sec. 4.4, following Wang et al. [211]):
# ./tsn_r18-tiny.py with an ImageNet-pretrained ResNet-152 on 224 x 224
# frames and 101 classes.
_base_ = ['./tsn_r18-tiny.py']

num_classes = 101
model = dict(
    backbone=dict(
        depth=152,
        pretrained='https://download.pytorch.org/models/resnet152-394f9c45.pth'
    ),
    cls_head=dict(num_classes=num_classes, in_channels=2048))
