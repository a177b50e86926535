"""tools/install.sh: mmcv's build environment sees the target's torch.

mmcv's setup.py silently builds a wheel without its compiled ops when torch
is not importable, so the build environment must see the torch of the
environment mmcv is built for, also when that is a virtual environment.
"""
import os
import os.path as osp
import subprocess
import sys

import pytest

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


def _run(args, **kwargs):
    env = dict(os.environ)
    env.pop('PYTHONPATH', None)
    env.update(kwargs.pop('env', {}))
    proc = subprocess.run(args, capture_output=True, text=True, timeout=600,
                          env=env, **kwargs)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout.strip()


def _imported_from(python, module):
    """The file ``import <module>`` would run in that interpreter."""
    return _run([python, '-c', 'import importlib.util; print(getattr('
                 f'importlib.util.find_spec("{module}"), "origin", None))'])


@pytest.fixture(scope='module')
def target_venv(tmp_path_factory):
    """A venv (no system site-packages) whose own torch is a marker
    package, while the base interpreter has the real torch."""
    root = tmp_path_factory.mktemp('target')
    _run([sys.executable, '-m', 'venv', '--without-pip', str(root)])
    python = str(root / 'bin' / 'python')
    site = _run([python, '-c',
                 'import sysconfig; print(sysconfig.get_paths()["purelib"])'])
    os.makedirs(osp.join(site, 'torch'))
    torch_init = osp.join(site, 'torch', '__init__.py')
    with open(torch_init, 'w') as f:
        f.write("__version__ = 'target'\n")
    return python, torch_init


def test_build_env_sees_the_target_venvs_torch(target_venv, tmp_path):
    python, torch_init = target_venv
    build = tmp_path / 'build'
    _run(['bash', osp.join(REPO, 'tools', 'install.sh'), '--build-env',
          str(build)], env=dict(PYTHON=python))
    build_python = str(build / 'bin' / 'python')
    assert _imported_from(build_python, 'torch') == torch_init
    # its own setuptools (requirements/build.txt) comes first
    assert _imported_from(build_python, 'setuptools').startswith(str(build))


def test_build_env_sees_the_torch_of_this_interpreter(tmp_path):
    """The environment running the tests (a venv or not) as the target."""
    build = tmp_path / 'build'
    _run(['bash', osp.join(REPO, 'tools', 'install.sh'), '--build-env',
          str(build)], env=dict(PYTHON=sys.executable))
    assert _imported_from(str(build / 'bin' / 'python'), 'torch') == \
        _imported_from(sys.executable, 'torch')


def test_system_site_packages_of_a_venv_hide_its_torch(target_venv, tmp_path):
    """What the build environment used to be: ``-m venv
    --system-site-packages`` run by a venv's python sees the base
    interpreter's packages, not the venv's."""
    python, torch_init = target_venv
    _run([python, '-m', 'venv', '--without-pip', '--system-site-packages',
          str(tmp_path / 'old')])
    old_python = str(tmp_path / 'old' / 'bin' / 'python')
    assert _imported_from(old_python, 'torch') != torch_init
