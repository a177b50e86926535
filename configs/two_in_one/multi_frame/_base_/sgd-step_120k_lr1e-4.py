# The single-frame UCF101-24 schedule with the multi-frame network's initial
# learning rate, 1e-4 (Sec. 4.4.1), step decay.
_base_ = ['../../_base_/schedules/sgd-step_120k.py']

optim_wrapper = dict(optimizer=dict(lr=1e-4))
