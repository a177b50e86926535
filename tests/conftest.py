"""Shared fixtures: the repository root and a subprocess runner for tools."""
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


@pytest.fixture(autouse=True)
def isolated_default_scope():
    """Undo any MMEngine default scope a test creates (tools called
    in-process run ``init_default_scope``): registries build in the scope
    that is current, so a leaked one breaks later tests."""
    from mmengine.registry import DefaultScope
    saved = DefaultScope._instance_dict.copy()
    yield
    DefaultScope._instance_dict = saved
