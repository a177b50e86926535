"""mmcontinuity: "Continuity in vision" models as an OpenMMLab plugin.

Importing the package applies the compatibility layer (``utils.compat``) and
registers every module into the registries of the OpenMMLab library that
builds it (mmaction2, mmsegmentation, mmpretrain, mmdet).
"""
from .utils import compat  # noqa: F401  (must run before any OpenMMLab model import)
from .version import __version__
from . import models  # noqa
from . import datasets  # noqa
from . import evaluation  # noqa

__all__ = ['__version__']
