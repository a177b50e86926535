"""mmcontinuity: "Continuity in vision" models as an OpenMMLab plugin.

Importing the package checks the installed mmcv, applies the compatibility
layer (``utils.compat``) and registers every module into the registries of
the OpenMMLab library that builds it (mmaction2, mmsegmentation, mmpretrain,
mmdet).
"""
import glob
import os.path as osp
from importlib import metadata, util

from .version import __version__, parse_version_info, version_info

mmcv_minimum_version = '2.1.0'
mmcv_maximum_version = '2.2.0'


def check_mmcv(version, package_dir):
    """Raise ImportError unless mmcv is installed, in
    ``[mmcv_minimum_version, mmcv_maximum_version)``, with its compiled ops.

    Args:
        version (str | None): The installed mmcv version (None: missing).
        package_dir (str): Directory of the installed ``mmcv`` package.
    """
    hint = ('install it with `bash tools/install.sh` (builds mmcv with its '
            'ops against the installed torch; see the README)')
    if version is None:
        raise ImportError(f'mmcontinuity needs mmcv>={mmcv_minimum_version},'
                          f'<{mmcv_maximum_version}, which is not installed: '
                          f'{hint}')
    if not (parse_version_info(mmcv_minimum_version) <=
            parse_version_info(version) <
            parse_version_info(mmcv_maximum_version)):
        raise ImportError(f'mmcv {version} is installed, mmcontinuity needs '
                          f'mmcv>={mmcv_minimum_version},'
                          f'<{mmcv_maximum_version}: {hint}')
    if not glob.glob(osp.join(package_dir, '_ext*')):
        raise ImportError(
            f'mmcv {version} in {package_dir} has no compiled ops (no '
            'mmcv/_ext*.so; pip builds mmcv without them when torch is not '
            f'importable during the build): {hint}')


def _installed_mmcv():
    """Version and package directory of mmcv, without importing it."""
    spec = util.find_spec('mmcv')
    try:
        version = metadata.version('mmcv')
    except metadata.PackageNotFoundError:
        version = None
    if spec is None or spec.origin is None:
        return None, ''
    return version, osp.dirname(spec.origin)


check_mmcv(*_installed_mmcv())

# isort: off
# the compatibility layer must run before any OpenMMLab model import
from .utils import compat  # noqa: E402, F401
from . import datasets, engine, evaluation, models  # noqa: E402, F401
# isort: on

__all__ = ['__version__', 'version_info']
