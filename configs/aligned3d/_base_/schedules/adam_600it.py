# The DAVIS schedule of the benchmark: Adam at the thesis' lr 1e-3 (App.
# C.2), otherwise the per-frame baseline's (polynomial decay over 600
# iterations, validation and the best J&F checkpoint every 300).
_base_ = ['./sgd-poly_600it.py']

optim_wrapper = dict(optimizer=dict(_delete_=True, type='Adam', lr=1e-3))
