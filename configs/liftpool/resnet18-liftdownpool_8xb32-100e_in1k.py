# LiftDownPool ResNet-18 on ImageNet (Table 3.4): 100 epochs of the
# PyTorch/mmpretrain ResNet recipe (SGD lr 0.1 for 256 images, x0.1 at
# epochs 30, 60, 90), 8 GPUs x 32 images.
_base_ = [
    './_base_/models/resnet18-liftdownpool.py',
    'mmpretrain::_base_/datasets/imagenet_bs32.py',
    'mmpretrain::_base_/schedules/imagenet_bs256.py',
    'mmpretrain::_base_/default_runtime.py'
]
