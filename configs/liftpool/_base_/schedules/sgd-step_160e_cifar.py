# The thesis' CIFAR-100 schedule (Appendix A): SGD, lr 0.1, momentum 0.9,
# weight decay 5e-4, x0.1 after epochs 80 and 120, 160 epochs.
_base_ = ['mmpretrain::_base_/default_runtime.py']

optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=0.1, momentum=0.9, weight_decay=5e-4))
param_scheduler = dict(
    type='MultiStepLR', by_epoch=True, milestones=[80, 120], gamma=0.1)
train_cfg = dict(by_epoch=True, max_epochs=160, val_interval=10)
val_cfg = dict()
test_cfg = dict()
