"""Workarounds for upstream breakages of the supported OpenMMLab stack.

Imported by ``mmcontinuity/__init__.py`` before anything else, so a config
with ``custom_imports=dict(imports=['mmcontinuity'])`` or a tool that imports
the package gets a working stack. Each block names the upstream problem and
is applied only for the versions that have it (checked from the installed
distributions' metadata, without importing them). A patch of a library
module is applied when that module is imported (``when_imported``): this
module imports none of the libraries it patches.
"""
import functools
import importlib.abc
import importlib.util
import os
import os.path as osp
import pickle
import re
import sys
import tempfile
import types
from importlib import metadata

from ..version import parse_version_info


def installed_version(distribution: str):
    """Version of an installed distribution as a tuple (``'2.14.1+cu130'``
    -> ``(2, 14, 1)``), or None when it is not installed."""
    try:
        version = metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None
    return parse_version_info(version.split('+')[0])


def _between(distribution: str, low: tuple, high: tuple) -> bool:
    """Whether ``low <= version <= high`` for an installed distribution."""
    version = installed_version(distribution)
    return version is not None and low <= version <= high


class _PostImportHooks(importlib.abc.MetaPathFinder):
    """A ``sys.meta_path`` entry that runs callbacks right after the
    modules they were registered for are executed."""

    def __init__(self):
        self.hooks = {}  # module name -> callbacks

    def find_spec(self, name, path=None, target=None):
        if name not in self.hooks:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, 'find_spec'):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                break
        else:
            return None
        if spec.loader is not None:
            spec.loader = _HookedLoader(spec.loader, self.hooks.pop(name))
        return spec


class _HookedLoader(importlib.abc.Loader):
    """A module's loader, followed by the module's hooks."""

    def __init__(self, loader, hooks):
        self.loader = loader
        self.hooks = hooks

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        self.loader.exec_module(module)
        for hook in self.hooks:
            hook(module)

    def __getattr__(self, name):  # get_source, get_filename, ...
        return getattr(self.loader, name)


_HOOKS = _PostImportHooks()
sys.meta_path.insert(0, _HOOKS)


def when_imported(name: str, hook) -> None:
    """Call ``hook(module)`` once the module ``name`` is imported: now if
    it already is, else right after its code runs."""
    if name in sys.modules:
        hook(sys.modules[name])
    else:
        _HOOKS.hooks.setdefault(name, []).append(hook)


# ---------------------------------------------------------------------------
# mmaction2 1.2.0: the release (wheel and source archive) lacks the package
# ``mmaction/models/localizers/drn/`` while ``localizers/__init__.py`` imports
# ``from .drn.drn import DRN``, so ``import mmaction.models`` raises
# ModuleNotFoundError (open-mmlab/mmaction2#2714). We provide the missing
# module with a ``DRN`` that is registered under its usual name and fails with
# a clear message only when someone builds it.
# ---------------------------------------------------------------------------
def _missing_drn(*args, **kwargs):
    """Placeholder for mmaction2's DRN, absent from the 1.2.0 release."""
    raise ImportError(
        'DRN is not available: the mmaction2 1.2.0 release does not ship '
        'mmaction/models/localizers/drn/ (open-mmlab/mmaction2#2714). '
        'Install mmaction2 from a source checkout that has it.')


def _provide_missing_drn() -> None:
    if not _between('mmaction2', (1, 2, 0), (1, 2, 0)):
        return
    spec = importlib.util.find_spec('mmaction')  # no import of mmaction
    name = 'mmaction.models.localizers.drn'
    drn_dir = osp.join(osp.dirname(spec.origin), 'models', 'localizers', 'drn')
    if osp.isdir(drn_dir) or name in sys.modules:
        return  # a source checkout that has it
    package = types.ModuleType(name)
    package.__path__ = []  # a package without files
    package.drn = types.ModuleType(f'{name}.drn')
    package.drn.DRN = _missing_drn
    sys.modules[name] = package
    sys.modules[f'{name}.drn'] = package.drn
    # the registration normally done by the decorator in drn.py
    when_imported(
        'mmaction.registry',
        lambda registry: registry.MODELS.register_module(
            name='DRN', module=_missing_drn))


# ---------------------------------------------------------------------------
# mmengine <= 0.10.7 loads checkpoints with ``torch.load(filename,
# map_location=...)``; since torch 2.6 the default is ``weights_only=True``,
# so ``--resume`` fails with "UnpicklingError: Weights only load failed":
# the message hub in the checkpoint holds ``HistoryBuffer`` objects (numpy
# arrays, numpy scalars, and their statistics methods, which pickle protocol
# 2 writes as ``getattr(HistoryBuffer, 'mean')``). We keep the safe loader
# and allowlist exactly these types, and only while MMEngine loads a
# checkpoint: ``torch.load`` elsewhere keeps torch's defaults. A checkpoint
# holding any other type is refused with an error naming the type and the
# file. mmengine also writes files in place (``LocalBackend.put``, used for
# checkpoints), so a kill while saving left a truncated ``epoch_N.pth``: a
# file is now written to a temporary name in its directory, flushed to disk
# and renamed over the final name, which thus only ever names whole files.
# ---------------------------------------------------------------------------
def _mmengine_checkpoint_types() -> list:
    import numpy as np
    from mmengine.config import ConfigDict
    from mmengine.logging import HistoryBuffer
    multiarray = getattr(np, '_core', np).multiarray
    np_types = [np.ndarray, np.dtype, multiarray._reconstruct,
                multiarray.scalar]
    # numpy >= 1.25 pickles dtypes through their classes in numpy.dtypes
    np_types += [getattr(np.dtypes, n) for n in dir(np.dtypes)
                 if n.endswith('DType')]
    return [HistoryBuffer, ConfigDict, getattr, *np_types]


def _wrap_load_checkpoint(checkpoint) -> None:
    import torch
    loader = checkpoint.CheckpointLoader
    load = loader.load_checkpoint.__func__

    @functools.wraps(load)
    def load_checkpoint(cls, filename, map_location=None, logger='current'):
        try:
            with torch.serialization.safe_globals(
                    _mmengine_checkpoint_types()):
                return load(cls, filename, map_location, logger)
        except pickle.UnpicklingError as error:
            unknown = re.search(r'GLOBAL (\S+)', str(error))
            if unknown is None:
                raise
            raise pickle.UnpicklingError(
                f'{filename} holds an object of type {unknown.group(1)}, '
                'which is not among the types a checkpoint may contain '
                '(mmcontinuity/utils/compat.py); it was not loaded, as '
                'unpickling it could run arbitrary code') from None

    loader.load_checkpoint = classmethod(load_checkpoint)


def _atomic_put(local_backend) -> None:
    upstream = local_backend.LocalBackend.put

    @functools.wraps(upstream)
    def put(self, obj: bytes, filepath) -> None:
        directory = osp.dirname(osp.abspath(filepath))
        os.makedirs(directory, exist_ok=True)
        fd, tmp = tempfile.mkstemp(
            prefix=f'.{osp.basename(filepath)}.', suffix='.tmp',
            dir=directory)
        try:
            with os.fdopen(fd, 'wb') as f:
                f.write(obj)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, filepath)
        except BaseException:
            if osp.exists(tmp):
                os.remove(tmp)
            raise

    local_backend.LocalBackend.put = put


def _allow_mmengine_checkpoints() -> None:
    if (_between('torch', (2, 6), (sys.maxsize, ))
            and _between('mmengine', (0, 0), (0, 10, 7))):
        when_imported('mmengine.runner.checkpoint', _wrap_load_checkpoint)


def _write_checkpoints_atomically() -> None:
    if _between('mmengine', (0, 0), (0, 10, 7)):
        when_imported('mmengine.fileio.backends.local_backend', _atomic_put)


# ---------------------------------------------------------------------------
# numpy 2 removed aliases (``np.NAN``, ``np.Inf``, ``np.trapz``, ``np.in1d``
# ...) that some mmaction2 <= 1.2.0 modules still use. Rather than putting
# the aliases back into numpy for everybody, the modules that use them get a
# numpy namespace of their own that has them.
# ---------------------------------------------------------------------------
_NUMPY1_USERS = (
    'mmaction.evaluation.functional.ava_evaluation.metrics',  # np.NAN
    'mmaction.evaluation.functional.accuracy',  # np.trapz
    'mmaction.evaluation.metrics.multimodal_metric',  # np.in1d
    'mmaction.datasets.transforms.pose_transforms',  # np.Inf
    'mmaction.utils.misc',  # np.Inf
)


class Numpy1Namespace(types.ModuleType):
    """numpy, plus the aliases numpy 2 removed."""

    def __init__(self):
        import numpy as np
        super().__init__('numpy')
        self.__dict__.update(
            NAN=np.nan, NaN=np.nan, Inf=np.inf, Infinity=np.inf,
            infty=np.inf, PINF=np.inf, NINF=-np.inf, trapz=np.trapezoid,
            in1d=np.isin)

    def __getattr__(self, name):
        import numpy as np
        return getattr(np, name)


def _restore_numpy1_aliases() -> None:
    if not (_between('numpy', (2, 0), (sys.maxsize, ))
            and _between('mmaction2', (0, 0), (1, 2, 0))):
        return
    namespace = Numpy1Namespace()
    for name in _NUMPY1_USERS:
        when_imported(name, lambda module: setattr(module, 'np', namespace))


# ---------------------------------------------------------------------------
# mmaction2 <= 1.2.0 ``ColorJitter.adjust_hue`` adds a Python int offset
# (often negative) to a uint8 hue channel. Under numpy 2's promotion rules
# (NEP 50) the int keeps the uint8 type and a negative offset raises
# OverflowError, so any ColorJitter with ``hue != 0`` crashes. Same
# operation, in int16.
# ---------------------------------------------------------------------------
def adjust_hue(img, factor: float):
    """Rotate the hue of an RGB image by ``factor`` of a full turn.

    OpenCV's 8-bit hue has 180 steps; as mmaction2 does, the offset is
    ``int(factor * 255)`` steps, wrapped modulo 180.

    Args:
        img (np.ndarray): RGB image, (H, W, 3), values in [0, 255].
        factor (float): Fraction of a turn.

    Returns:
        np.ndarray: The rotated image, (H, W, 3), float32.
    """
    import cv2
    import numpy as np
    img = np.clip(img, 0, 255).astype(np.uint8)
    hsv = cv2.cvtColor(img, cv2.COLOR_RGB2HSV)
    hue = hsv[..., 0].astype(np.int16) + int(factor * 255)
    hsv[..., 0] = np.mod(hue, 180).astype(np.uint8)
    return cv2.cvtColor(hsv, cv2.COLOR_HSV2RGB).astype(np.float32)


def _replace_adjust_hue(processing) -> None:
    upstream = processing.ColorJitter.adjust_hue
    patched = functools.wraps(upstream)(adjust_hue)
    processing.ColorJitter.adjust_hue = staticmethod(patched)


def _fix_color_jitter_hue() -> None:
    if (_between('numpy', (2, 0), (sys.maxsize, ))
            and _between('mmaction2', (0, 0), (1, 2, 0))):
        when_imported('mmaction.datasets.transforms.processing',
                      _replace_adjust_hue)


# ---------------------------------------------------------------------------
# ``mmcontinuity::path`` config bases. MMEngine resolves ``pkg::path`` only
# for the packages of its table ``MODULE2PACKAGE`` (no registration API), at
# ``<installed package>/.mim/configs/path``. mmengine <= 0.10.7 finds the
# installed package next to its ``.dist-info``, which for an editable (PEP
# 660) install is not where the package is: there we ask the import system.
# ---------------------------------------------------------------------------
def _register_config_package(utils) -> None:
    utils.MODULE2PACKAGE.setdefault('mmcontinuity', 'mmcontinuity')


def _wrap_get_installed_path(config) -> None:
    upstream = config.get_installed_path

    @functools.wraps(upstream)
    def get_installed_path(package: str) -> str:
        path = upstream(package)
        if not osp.exists(path):  # an editable install
            spec = importlib.util.find_spec(osp.basename(path))
            if spec is not None and spec.origin is not None:
                return osp.dirname(spec.origin)
        return path

    config.get_installed_path = get_installed_path


def _resolve_config_bases() -> None:
    when_imported('mmengine.config.utils', _register_config_package)
    if _between('mmengine', (0, 0), (0, 10, 7)):
        when_imported('mmengine.config.config', _wrap_get_installed_path)


# ---------------------------------------------------------------------------
# mmdet 3.x (<= 3.3.0): ``BaseDenseHead._predict_by_feat_single`` reads
# ``self.loss_cls.custom_cls_channels``, but ``SSDHead`` computes its loss
# inline and has no ``loss_cls`` (its ``__init__`` skips AnchorHead's), so
# every SSD prediction raises AttributeError. After the upstream
# ``__init__``, a head without ``loss_cls`` gets ``loss_cls = None`` (no
# custom class channels, the default); a subclass may still register one.
# ---------------------------------------------------------------------------
def _ssd_head_without_loss_cls(ssd_head) -> None:
    upstream = ssd_head.SSDHead.__init__

    @functools.wraps(upstream)
    def __init__(self, *args, **kwargs):
        upstream(self, *args, **kwargs)
        if not hasattr(self, 'loss_cls'):
            self.loss_cls = None

    ssd_head.SSDHead.__init__ = __init__


def _fix_ssd_head_predict() -> None:
    if _between('mmdet', (3, 0, 0), (3, 3, 0)):
        when_imported('mmdet.models.dense_heads.ssd_head',
                      _ssd_head_without_loss_cls)


_provide_missing_drn()
_allow_mmengine_checkpoints()
_write_checkpoints_atomically()
_restore_numpy1_aliases()
_fix_color_jitter_hue()
_resolve_config_bases()
_fix_ssd_head_predict()
