# The narrow ResNet-18 of the max-pooling baseline (16 stem and base
# channels) with its stem max-pooling replaced by LiftDownPool2d (K = 5,
# the four sub-bands summed), the regularisers of Eq. 3.8 in the loss.
_base_ = ['./resnet18-tiny-maxpool.py']

model = dict(
    type='LiftPoolImageClassifier',
    lambda_u=0.01,
    lambda_p=0.1,
    backbone=dict(
        type='LiftPoolResNet',
        pool_cfg=dict(type='LiftDownPool2d', kernel_size=5, groups=2)))
