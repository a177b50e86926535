# The schedule of adamw-cosine_3e.py as exactly 5,000 iterations, with one
# checkpoint and one validation at the end.
_base_ = ['./adamw-cosine_3e.py']

train_cfg = dict(
    _delete_=True,
    type='IterBasedTrainLoop',
    max_iters=5000,
    val_interval=5000)
default_hooks = dict(
    checkpoint=dict(by_epoch=False, interval=5000, max_keep_ckpts=1))
