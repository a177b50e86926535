"""Workarounds for upstream breakages of the pinned OpenMMLab stack.

Imported by ``mmcontinuity/__init__.py`` before anything else, so a config
with ``custom_imports=dict(imports=['mmcontinuity'])`` or a tool that imports
the package gets a working stack. Each block names the upstream problem; each
is applied once and only where the problem exists.
"""
import importlib.util
import os.path as osp
import sys
import types

import numpy as np
import torch


# ---------------------------------------------------------------------------
# mmaction2 1.2.0: the release (wheel and source archive) lacks the package
# ``mmaction/models/localizers/drn/`` while ``localizers/__init__.py`` imports
# ``from .drn.drn import DRN``, so ``import mmaction.models`` raises
# ModuleNotFoundError (open-mmlab/mmaction2#2714). We provide the missing
# module with a ``DRN`` that is registered under its usual name and fails with
# a clear message only when someone builds it.
# ---------------------------------------------------------------------------
class _MissingDRN(torch.nn.Module):
    """Placeholder for mmaction2's DRN, absent from the 1.2.0 release."""

    def __init__(self, *args, **kwargs):
        raise ImportError(
            'DRN is not available: the mmaction2 1.2.0 release does not '
            'ship mmaction/models/localizers/drn/ (open-mmlab/mmaction2#2714).'
            ' Install mmaction2 from a source checkout that has it.')


def _provide_missing_drn() -> None:
    spec = importlib.util.find_spec('mmaction')
    if spec is None or spec.origin is None:
        return  # mmaction2 is not installed: nothing to fix
    drn_dir = osp.join(osp.dirname(spec.origin), 'models', 'localizers', 'drn')
    name = 'mmaction.models.localizers.drn'
    if osp.isdir(drn_dir) or name in sys.modules:
        return
    package = types.ModuleType(name)
    package.__path__ = []  # a package without files
    module = types.ModuleType(f'{name}.drn')
    module.DRN = _MissingDRN
    package.drn = module
    sys.modules[name] = package
    sys.modules[f'{name}.drn'] = module
    # registration normally done by the decorator in drn.py
    from mmaction.registry import MODELS
    MODELS.register_module(name='DRN', module=_MissingDRN)


# ---------------------------------------------------------------------------
# mmengine 0.10.7 loads checkpoints with ``torch.load(filename,
# map_location=...)``; since torch 2.6 the default is ``weights_only=True``,
# so ``--resume`` fails with "UnpicklingError: Weights only load failed":
# the message hub in the checkpoint holds ``HistoryBuffer`` objects (numpy
# arrays, numpy scalars, and their statistics methods, which pickle protocol
# 2 writes as ``getattr(HistoryBuffer, 'mean')``). We keep the safe loader
# and allowlist exactly these types, and only while MMEngine loads a
# checkpoint: ``torch.load`` elsewhere keeps torch's defaults.
# ---------------------------------------------------------------------------
def _mmengine_checkpoint_types() -> list:
    from mmengine.config import ConfigDict
    from mmengine.logging import HistoryBuffer
    multiarray = getattr(np, '_core', np).multiarray
    np_types = [np.ndarray, np.dtype, multiarray._reconstruct,
                multiarray.scalar]
    # numpy >= 1.25 pickles dtypes through their classes in numpy.dtypes
    np_types += [getattr(np.dtypes, n) for n in dir(np.dtypes)
                 if n.endswith('DType')]
    return [HistoryBuffer, ConfigDict, getattr, *np_types]


def _allow_mmengine_checkpoints() -> None:
    if importlib.util.find_spec('mmengine') is None:
        return
    from mmengine.runner.checkpoint import CheckpointLoader
    load = CheckpointLoader.load_checkpoint.__func__
    if getattr(load, '_mmcontinuity_safe_globals', False):
        return  # already wrapped

    def load_checkpoint(cls, filename, map_location=None, logger='current'):
        with torch.serialization.safe_globals(_mmengine_checkpoint_types()):
            return load(cls, filename, map_location, logger)

    load_checkpoint._mmcontinuity_safe_globals = True
    load_checkpoint.__doc__ = load.__doc__
    CheckpointLoader.load_checkpoint = classmethod(load_checkpoint)


# ---------------------------------------------------------------------------
# numpy 2 removed aliases (``np.NAN``, ``np.Inf``, ``np.trapz``, ``np.in1d``
# ...) that some mmaction2 1.2.0 modules still use. Rather than putting the
# aliases back into numpy for everybody, the modules that use them get a
# numpy namespace of their own that has them.
# ---------------------------------------------------------------------------
_NUMPY1_ALIASES = dict(
    NAN=np.nan, NaN=np.nan, Inf=np.inf, Infinity=np.inf, infty=np.inf,
    PINF=np.inf, NINF=-np.inf, trapz=np.trapezoid, in1d=np.isin)

# modules of the pinned stack that use a removed alias, and where
_NUMPY1_USERS = (
    'mmaction.evaluation.functional.ava_evaluation.metrics',  # np.NAN
    'mmaction.evaluation.functional.accuracy',  # np.trapz
    'mmaction.evaluation.metrics.multimodal_metric',  # np.in1d
    'mmaction.datasets.transforms.pose_transforms',  # np.Inf
    'mmaction.utils.misc',  # np.Inf
)


class _Numpy1Namespace(types.ModuleType):
    """numpy, plus the aliases numpy 2 removed."""

    def __init__(self):
        super().__init__('numpy')
        self.__dict__.update(_NUMPY1_ALIASES)

    def __getattr__(self, name):
        return getattr(np, name)


def _restore_numpy1_aliases() -> None:
    if all(hasattr(np, name) for name in _NUMPY1_ALIASES):
        return  # numpy 1: nothing was removed
    if importlib.util.find_spec('mmaction') is None:
        return
    namespace = _Numpy1Namespace()
    for name in _NUMPY1_USERS:
        importlib.import_module(name).np = namespace


# ---------------------------------------------------------------------------
# mmaction2 1.2.0 ``ColorJitter.adjust_hue`` adds a Python int offset (often
# negative) to a uint8 hue channel. Under numpy 2's promotion rules (NEP 50)
# the int keeps the uint8 type and a negative offset raises OverflowError, so
# any ColorJitter with ``hue != 0`` crashes. Same operation, in int16.
# ---------------------------------------------------------------------------
def _adjust_hue(img: np.ndarray, factor: float) -> np.ndarray:
    """Rotate the hue of an RGB image by ``factor`` of a full turn.

    OpenCV's 8-bit hue has 180 steps; as mmaction2 does, the offset is
    ``int(factor * 255)`` steps, wrapped modulo 180.
    """
    import cv2
    img = np.clip(img, 0, 255).astype(np.uint8)
    hsv = cv2.cvtColor(img, cv2.COLOR_RGB2HSV)
    hue = hsv[..., 0].astype(np.int16) + int(factor * 255)
    hsv[..., 0] = np.mod(hue, 180).astype(np.uint8)
    return cv2.cvtColor(hsv, cv2.COLOR_HSV2RGB).astype(np.float32)


def _fix_color_jitter_hue() -> None:
    if importlib.util.find_spec('mmaction') is None:
        return
    from mmaction.datasets.transforms.processing import ColorJitter
    ColorJitter.adjust_hue = staticmethod(_adjust_hue)


_provide_missing_drn()
_allow_mmengine_checkpoints()
_restore_numpy1_aliases()
_fix_color_jitter_hue()
