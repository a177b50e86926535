"""A training killed with SIGKILL mid-epoch and restarted with ``--resume``
logs the same losses and learning rates as a run that was never
interrupted, and ends with the same weights, EMA weights, optimizer and
scheduler state."""
import json
import os
import os.path as osp
import subprocess
import sys

import pytest
import torch
from mmengine.runner.checkpoint import _load_checkpoint

import mmcontinuity  # noqa: F401  (MMEngine's loader reads its checkpoints)

KILL_HOOK = '''
import os
import signal

from mmengine.hooks import Hook
from mmengine.registry import HOOKS


@HOOKS.register_module()
class KillAtIteration(Hook):
    priority = 'LOWEST'  # after the logger and the checkpoint hooks

    def __init__(self, iteration):
        self.iteration = iteration

    def after_train_iter(self, runner, batch_idx, data_batch=None,
                         outputs=None):
        if runner.iter + 1 == self.iteration:
            os.kill(os.getpid(), signal.SIGKILL)
'''
# 6 training images, batches of 2: 3 iterations an epoch; random flips,
# dropout (main process), EMA, a learning rate that drops after the epoch
# of the kill, validation after every epoch; two workers for the
# uninterrupted run, none for the killed and the resumed one.
CONFIG = '''
_base_ = '{repo}/tests/data/configs/mmpretrain_resnet18-tiny_smoke.py'
custom_imports = dict(imports=['mmcontinuity', 'rel_kill_hook'],
                      allow_failed_imports=False)
model = dict(head=dict(_delete_=True, type='StackedLinearClsHead',
                       num_classes=3, in_channels=128, mid_channels=[16],
                       dropout_rate=0.5, loss=dict(type='CrossEntropyLoss'),
                       topk=(1, )))
train_dataloader = dict(num_workers={workers}, persistent_workers=False)
train_cfg = dict(_delete_=True, by_epoch=True, max_epochs=4, val_interval=1)
default_hooks = dict(checkpoint=dict(by_epoch=True, interval=1))
log_processor = dict(by_epoch=True)
param_scheduler = dict(type='MultiStepLR', by_epoch=True, milestones=[3],
                       gamma=0.1)
custom_hooks = [dict(type='EMAHook', momentum=0.2), {kill}]
'''
KILL_AT = 8  # epoch 3, batch 2; the last checkpoint is epoch_2.pth


def _train(root, config, work_dir, *extra, killed=False):
    env = dict(os.environ, OMP_NUM_THREADS='1',
               PYTHONPATH=os.pathsep.join([osp.dirname(osp.dirname(
                   osp.dirname(osp.abspath(__file__)))), str(root)]))
    proc = subprocess.run(
        [sys.executable, osp.join(env['PYTHONPATH'].split(os.pathsep)[0],
                                  'tools/train.py'), str(config),
         '--work-dir', str(work_dir), '--seed', '0', '--deterministic',
         *extra], cwd=root, env=env, capture_output=True, text=True,
        timeout=600)
    expected = -9 if killed else 0
    assert proc.returncode == expected, proc.stderr[-4000:]


def _losses(work_dir, key='loss'):
    """{iteration: loss (or ``key``)} of the latest run in ``work_dir``."""
    log = sorted(work_dir.glob('*/vis_data/scalars.json'))[-1]
    rows = [json.loads(line) for line in log.read_text().splitlines()]
    return {row['step']: row[key] for row in rows if key in row}


@pytest.mark.slow
def test_killed_run_resumes_exactly(tmp_path, repo_root, tool):
    tool([osp.join(repo_root, 'tools/misc/make_smoke_data.py'), '--out',
          'data/smoke'], cwd=tmp_path)
    (tmp_path / 'rel_kill_hook.py').write_text(KILL_HOOK)
    for name, workers, kill in (
            ('straight', 2, ''), ('again', 0, ''),
            ('killed', 0, f'dict(type="KillAtIteration", '
             f'iteration={KILL_AT})')):
        (tmp_path / f'{name}.py').write_text(
            CONFIG.format(repo=repo_root, workers=workers, kill=kill))
    _train(tmp_path, tmp_path / 'straight.py', tmp_path / 'straight')
    _train(tmp_path, tmp_path / 'killed.py', tmp_path / 'resumed',
           killed=True)
    assert not (tmp_path / 'resumed' / 'epoch_3.pth').exists()
    _train(tmp_path, tmp_path / 'again.py', tmp_path / 'resumed', '--resume')

    straight, resumed = (_losses(tmp_path / d)
                         for d in ('straight', 'resumed'))
    assert sorted(resumed) == list(range(7, 13))
    assert [straight[i] for i in resumed] == list(resumed.values())
    straight_lr, resumed_lr = (_losses(tmp_path / d, 'lr')
                               for d in ('straight', 'resumed'))
    assert [straight_lr[i] for i in resumed_lr] == list(resumed_lr.values())
    assert resumed_lr[12] == pytest.approx(0.1 * resumed_lr[7])
    a, b = (_load_checkpoint(str(tmp_path / d / 'epoch_4.pth'))
            for d in ('straight', 'resumed'))
    assert b['meta']['iter'] == 12
    assert a['param_schedulers'] == b['param_schedulers']
    for key in ('state_dict', 'ema_state_dict'):
        assert a[key].keys() == b[key].keys()
        for name, value in a[key].items():
            torch.testing.assert_close(b[key][name], value, rtol=0, atol=0)
    for x, y in zip(a['optimizer']['state'].values(),
                    b['optimizer']['state'].values()):
        torch.testing.assert_close(y['momentum_buffer'],
                                   x['momentum_buffer'], rtol=0, atol=0)
