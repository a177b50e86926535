# LiftDownPool VGG13-BN on CIFAR-100 (Tables 3.1-3.3, last rows: top-1
# error 24.35 +- 0.11): batch 100 on one GPU, the schedule of Appendix A.
_base_ = [
    './_base_/models/vgg13bn-liftdownpool_cifar100.py',
    'mmpretrain::_base_/datasets/cifar100_bs16.py',
    './_base_/schedules/sgd-step_160e_cifar.py'
]

train_dataloader = dict(batch_size=100)
val_dataloader = dict(batch_size=100)
test_dataloader = val_dataloader
