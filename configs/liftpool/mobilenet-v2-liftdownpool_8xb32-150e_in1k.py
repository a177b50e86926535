# LiftDownPool MobileNetV2 on ImageNet (Table 3.4): 150 epochs (Appendix A)
# of mmpretrain's MobileNetV2 recipe (SGD lr 0.045 for 256 images, weight
# decay 4e-5, x0.98 per epoch), 8 GPUs x 32 images.
_base_ = [
    './_base_/models/mobilenet-v2-liftdownpool.py',
    'mmpretrain::_base_/datasets/imagenet_bs32.py',
    'mmpretrain::_base_/schedules/imagenet_bs256_epochstep.py',
    'mmpretrain::_base_/default_runtime.py'
]

train_cfg = dict(max_epochs=150)
