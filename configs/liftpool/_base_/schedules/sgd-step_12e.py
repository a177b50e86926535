# The CIFAR-100 schedule of Appendix A (x0.1 after 1/2 and 3/4 of training;
# momentum 0.9, weight decay 5e-4) shortened to 12 epochs for the CPU
# benchmark, with lr 0.01: at lr 0.1 (and 0.03) the narrow VGG13 and
# ResNet-18 stayed at chance for their first two epochs. Validation and a
# checkpoint at the end.
_base_ = ['mmpretrain::_base_/default_runtime.py']

optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=0.01, momentum=0.9, weight_decay=5e-4))
param_scheduler = dict(
    type='MultiStepLR', by_epoch=True, milestones=[6, 9], gamma=0.1)
train_cfg = dict(by_epoch=True, max_epochs=12, val_interval=12)
val_cfg = dict()
test_cfg = dict()
default_hooks = dict(
    logger=dict(interval=10),
    checkpoint=dict(type='CheckpointHook', interval=12, max_keep_ckpts=1))
