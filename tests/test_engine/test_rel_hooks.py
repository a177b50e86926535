"""RandomStateHook and NonFiniteLossHook."""
import random
import time
from types import SimpleNamespace

import numpy as np
import pytest
import torch
from mmengine.hooks import Hook
from mmengine.model import BaseModel
from mmengine.runner import Runner
from torch import nn

from mmcontinuity.engine import NonFiniteLossHook, RandomStateHook


def _draws():
    return random.random(), float(np.random.rand()), float(torch.rand(()))


def test_random_states_are_saved_and_restored_on_resume():
    hook, checkpoint = RandomStateHook(), {}
    torch.manual_seed(1)
    hook.before_save_checkpoint(None, checkpoint)
    expected = _draws()
    hook.after_load_checkpoint(None, checkpoint)
    hook.before_train(SimpleNamespace(iter=0, train_dataloader=None))
    assert _draws() != expected  # load_from: the run's own streams
    hook.after_load_checkpoint(None, checkpoint)
    hook.before_train(SimpleNamespace(iter=4, train_dataloader=None))
    assert _draws() == expected  # resumed


class Dropout(BaseModel):
    """Loss of a linear layer after dropout: it draws from torch's stream
    at every iteration."""

    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(4, 4)
        self.dropout = nn.Dropout(0.5)

    def forward(self, inputs, data_samples=None, mode='tensor'):
        out = self.dropout(self.linear(torch.stack(inputs)))
        return dict(loss=out.pow(2).mean())


class LossLog(Hook):

    def __init__(self, losses):
        self.losses = losses

    def after_train_iter(self, runner, batch_idx, data_batch=None,
                         outputs=None):
        self.losses[runner.iter + 1] = float(outputs['loss'].detach())


def test_iteration_loop_over_a_finite_sampler_resumes_exactly(
        tmp_path, monkeypatch):
    """4 samples, batches of 2: a DataLoader pass every 2 iterations. The
    run resumed at iteration 5 replays 2 pass starts before iteration 6;
    each used to draw from torch's stream, so the dropout masks (and the
    losses) of iterations 6-7 differed from an uninterrupted run's."""
    monkeypatch.setattr(time, 'sleep', lambda seconds: None)  # mmengine's
    # 2 s pause at every pass

    def train(work_dir, losses, resume=None):
        Runner(
            model=Dropout(),
            work_dir=str(work_dir),
            train_dataloader=dict(
                dataset=[dict(inputs=torch.full((4, ), float(i)))
                         for i in range(4)],
                sampler=dict(type='DefaultSampler', shuffle=True),
                batch_size=2,
                num_workers=0),
            optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.01)),
            train_cfg=dict(by_epoch=False, max_iters=7),
            custom_hooks=[dict(type='RandomStateHook'), LossLog(losses)],
            default_hooks=dict(checkpoint=dict(
                type='CheckpointHook', by_epoch=False, interval=5)),
            randomness=dict(seed=0),
            load_from=resume,
            resume=resume is not None,
            default_scope='mmengine').train()

    straight, resumed = {}, {}
    train(tmp_path / 'a', straight)
    train(tmp_path / 'b', resumed, resume=str(tmp_path / 'a/iter_5.pth'))
    assert sorted(resumed) == [6, 7]
    assert [resumed[i] for i in (6, 7)] == [straight[i] for i in (6, 7)]


def test_validation_does_not_move_the_training_streams():
    hook = RandomStateHook()
    torch.manual_seed(2)
    state = torch.get_rng_state()
    random.seed(3)
    np.random.seed(3)
    expected = _draws()
    random.seed(3)
    np.random.seed(3)
    torch.set_rng_state(state)
    hook.before_val(None)
    _draws()
    hook.after_val(None)
    assert _draws() == expected


class NaNAt(BaseModel):
    """A linear model whose second loss term is NaN at iteration
    ``nan_at`` (1-based)."""

    def __init__(self, nan_at):
        super().__init__()
        self.linear = nn.Linear(2, 1)
        self.nan_at = nan_at
        self.calls = 0

    def forward(self, inputs, data_samples=None, mode='tensor'):
        out = self.linear(torch.stack(inputs))
        self.calls += 1
        scale = float('nan') if self.calls == self.nan_at else 1.0
        return dict(loss_fit=out.pow(2).mean(),
                    loss_reg=out.abs().mean() * scale)


def test_training_stops_at_the_first_non_finite_loss(tmp_path):
    runner = Runner(
        model=NaNAt(nan_at=5),
        work_dir=str(tmp_path),
        train_dataloader=dict(
            dataset=[dict(inputs=torch.randn(2)) for _ in range(6)],
            sampler=dict(type='DefaultSampler', shuffle=False),
            batch_size=2,
            num_workers=0),
        optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.01)),
        train_cfg=dict(by_epoch=True, max_epochs=3),
        custom_hooks=[dict(type='NonFiniteLossHook')],
        default_hooks=dict(checkpoint=None),
        default_scope='mmengine')
    with pytest.raises(FloatingPointError,
                       match=r'iteration 5 \(epoch 2, batch 2\): '
                       r'loss_reg \(loss=nan, loss_fit=[0-9.e-]+, '
                       r'loss_reg=nan\)'):
        runner.train()
    assert runner.model.calls == 5


def test_finite_losses_pass():
    NonFiniteLossHook().after_train_iter(
        SimpleNamespace(iter=0, epoch=0), 0,
        outputs=dict(loss=torch.tensor(1.0), acc=torch.tensor(float('nan'))))
