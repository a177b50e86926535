# The schedule of adamw-plateau_20e.py monitoring AVAMetric's mAP.
_base_ = ['./adamw-plateau_20e.py']

param_scheduler = [
    _base_.param_scheduler[0],
    dict(_base_.param_scheduler[1], monitor='mAP/overall')
]
default_hooks = dict(checkpoint=dict(save_best='mAP/overall'))
