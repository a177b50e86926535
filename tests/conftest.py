"""Shared fixtures: the repository root, a subprocess runner for tools, tool
scripts as modules, a writer of backbone-only checkpoints and a check of
configs that only stretch another config's schedule."""
import importlib.util
import os
import os.path as osp
import subprocess
import sys

import pytest

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))


@pytest.fixture(scope='session')
def repo_root():
    return REPO


def run_tool(args, cwd, timeout=900):
    """Run ``python <args>`` in ``cwd``; fail the test with its output."""
    env = dict(os.environ, PYTHONPATH=REPO, OMP_NUM_THREADS='2')
    proc = subprocess.run([sys.executable, *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        pytest.fail(f'`python {" ".join(args)}` failed '
                    f'({proc.returncode}):\n{proc.stdout[-4000:]}\n'
                    f'{proc.stderr[-6000:]}')
    return proc


@pytest.fixture(scope='session')
def tool():
    return run_tool


def import_tool(path):
    """The tool script ``path`` (relative to the repository) as a module."""
    name = osp.splitext(osp.basename(path))[0]
    spec = importlib.util.spec_from_file_location(name, osp.join(REPO, path))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope='session')
def extract_weights_tool():
    return import_tool('tools/misc/extract_weights.py')


@pytest.fixture(scope='session')
def save_backbone(extract_weights_tool):
    """``save_backbone(model, path)`` writes the ``backbone.*`` weights of
    ``model`` to ``path`` (folders made) as tools/misc/extract_weights.py
    keeps them from a training checkpoint."""
    import torch

    def save(model, path):
        os.makedirs(osp.dirname(path) or '.', exist_ok=True)
        kept = extract_weights_tool.extract_weights(model.state_dict(),
                                                    ['backbone.'])
        torch.save(dict(state_dict=kept), path)

    return save


def check_schedule_stretched(short, long, max_iters, val_interval=None,
                             **scheduler_changes):
    """``long`` is the config ``short`` trained for ``max_iters``: the same
    model, data, optimiser and evaluators; the warm-up unchanged; the main
    scheduler ending at ``max_iters`` (with ``scheduler_changes``); the
    validation and the checkpoint every ``val_interval`` (default: once,
    at the end)."""
    for key in ('model', 'train_dataloader', 'val_dataloader',
                'test_dataloader', 'optim_wrapper', 'val_evaluator',
                'test_evaluator'):
        assert long.get(key) == short.get(key), key
    interval = val_interval or max_iters
    assert long.train_cfg == dict(short.train_cfg, max_iters=max_iters,
                                  val_interval=interval)
    assert long.default_hooks.checkpoint == dict(
        short.default_hooks.checkpoint, interval=interval)
    warmup, main = long.param_scheduler
    assert warmup == short.param_scheduler[0]
    assert main == dict(short.param_scheduler[1], end=max_iters,
                        **scheduler_changes)


@pytest.fixture(scope='session')
def schedule_stretched():
    return check_schedule_stretched


@pytest.fixture(autouse=True)
def isolated_default_scope():
    """Undo any MMEngine default scope a test creates (tools called
    in-process run ``init_default_scope``): registries build in the scope
    that is current, so a leaked one breaks later tests."""
    from mmengine.registry import DefaultScope
    saved = DefaultScope._instance_dict.copy()
    yield
    DefaultScope._instance_dict = saved
