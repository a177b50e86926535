"""The package: version, mmcv check at import, configs shipped under
``.mim`` and found through ``mmcontinuity::`` bases, setup.py."""
import glob
import os
import os.path as osp
import subprocess
import sys

import pytest
from mmengine.config import Config

import mmcontinuity
from mmcontinuity.version import parse_version_info

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


def test_version_info():
    assert parse_version_info('1.2.0') == (1, 2, 0)
    assert parse_version_info('2.2.0rc1') == (2, 2, 0, 'rc1')
    assert mmcontinuity.version_info == parse_version_info(
        mmcontinuity.__version__)


def test_mmcv_range_is_the_declared_requirement():
    with open(osp.join(REPO, 'requirements', 'mminstall.txt')) as f:
        mmcv = [line.strip() for line in f if line.startswith('mmcv')]
    assert mmcv == [f'mmcv>={mmcontinuity.mmcv_minimum_version},'
                    f'<{mmcontinuity.mmcv_maximum_version}']


@pytest.fixture
def mmcv_dir(tmp_path):
    """An mmcv package directory with compiled ops."""
    (tmp_path / '_ext.cpython-311-x86_64-linux-gnu.so').write_bytes(b'')
    return str(tmp_path)


def test_check_mmcv_accepts_the_supported_range(mmcv_dir):
    for version in ('2.1.0', '2.1.9', '2.1.0.post1'):
        mmcontinuity.check_mmcv(version, mmcv_dir)


@pytest.mark.parametrize('version', ['2.0.1', '2.2.0', '2.2.0rc1', '3.0.0'])
def test_check_mmcv_rejects_versions_outside_the_range(version, mmcv_dir):
    with pytest.raises(ImportError, match=f'mmcv {version} is installed'):
        mmcontinuity.check_mmcv(version, mmcv_dir)


def test_check_mmcv_rejects_missing_mmcv():
    with pytest.raises(ImportError, match='not installed.*tools/install.sh'):
        mmcontinuity.check_mmcv(None, '')


def test_check_mmcv_rejects_mmcv_without_ops(tmp_path):
    (tmp_path / '__init__.py').write_text('')
    with pytest.raises(ImportError, match='no compiled ops'):
        mmcontinuity.check_mmcv('2.1.0', str(tmp_path))


def test_import_fails_clearly_with_mmcv_without_ops(tmp_path):
    """A pure-python mmcv (what pip builds when torch is not importable)
    first on the path: ``import mmcontinuity`` names the problem."""
    (tmp_path / 'mmcv').mkdir()
    (tmp_path / 'mmcv' / '__init__.py').write_text('')
    dist = tmp_path / 'mmcv-2.1.0.dist-info'
    dist.mkdir()
    (dist / 'METADATA').write_text(
        'Metadata-Version: 2.1\nName: mmcv\nVersion: 2.1.0\n')
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path), REPO]))
    proc = subprocess.run([sys.executable, '-c', 'import mmcontinuity'],
                          cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode != 0
    assert 'ImportError: mmcv 2.1.0 in' in proc.stderr
    assert 'has no compiled ops' in proc.stderr


def test_configs_resolve_through_the_package(tmp_path, monkeypatch):
    """``_base_ = ['mmcontinuity::<path>']`` reads ``<path>`` from the
    configs shipped in the installed package (``.mim/configs``, symlinked
    in an editable install): same dict as the config file itself."""
    from mmengine.config.config import get_installed_path
    shipped = osp.join(get_installed_path('mmcontinuity'), '.mim', 'configs')
    assert osp.isdir(shipped), (
        f'{shipped} is missing: reinstall (`pip install -e .`)')
    # MMEngine reads the model index first (a missing one is an error)
    assert osp.isfile(osp.join(shipped, '..', 'model-index.yml'))
    bases = sorted(glob.glob(osp.join(shipped, '*', '_base_', '*', '*.py')))
    assert bases
    rel = osp.relpath(bases[0], shipped)
    (tmp_path / 'cfg.py').write_text(f"_base_ = ['mmcontinuity::{rel}']\n")
    monkeypatch.chdir(tmp_path)
    via_package = Config.fromfile(str(tmp_path / 'cfg.py')).to_dict()
    direct = Config.fromfile(osp.join(REPO, 'configs', rel)).to_dict()
    # MMEngine tags the dicts of a ``pkg::`` base with the package's scope
    assert _without_scope(via_package) == direct and direct


def _without_scope(cfg):
    if isinstance(cfg, dict):
        assert cfg.get('_scope_', 'mmcontinuity') == 'mmcontinuity'
        return {k: _without_scope(v) for k, v in cfg.items()
                if k != '_scope_'}
    if isinstance(cfg, (list, tuple)):
        return type(cfg)(_without_scope(v) for v in cfg)
    return cfg


def test_installed_path_is_where_the_package_is_imported_from():
    """mmengine finds ``pkg::`` configs under this path (an editable
    install too, see ``utils.compat``)."""
    from mmengine.config.config import get_installed_path
    assert osp.samefile(get_installed_path('mmcontinuity'),
                        osp.dirname(mmcontinuity.__file__))


def test_setup_reads_its_files_relative_to_itself(tmp_path):
    proc = subprocess.run(
        [sys.executable, osp.join(REPO, 'setup.py'), '--version'],
        cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split()[-1] == mmcontinuity.__version__
