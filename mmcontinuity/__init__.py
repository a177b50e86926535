"""mmcontinuity: "Continuity in vision" models as an OpenMMLab plugin.

Importing the package applies the compatibility layer (``utils.compat``) and
registers every module into the registries of the OpenMMLab library that
builds it (mmaction2, mmsegmentation, mmpretrain, mmdet).
"""
# the compatibility layer must run before any OpenMMLab model import
from .utils import compat  # noqa: F401, I001
from . import datasets, evaluation, models  # noqa: F401  (registration)
from .version import __version__

__all__ = ['__version__']
