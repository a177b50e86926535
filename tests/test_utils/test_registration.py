"""Every public module of mmcontinuity is resolvable by its registered name
in the registry of the library that builds it."""
import importlib
import inspect
import pkgutil

import pytest
import torch
from mmcv.transforms import BaseTransform
from mmengine.dataset import BaseDataset
from mmengine.evaluator import BaseMetric

import mmcontinuity

# module prefix -> scope(s) whose registries must hold its public classes
# (the most specific prefix wins; a tuple: one of these scopes). Layers in
# MMEngine's root registry are found from every scope.
SCOPES = {
    'mmcontinuity.models.tuber': 'mmaction',
    'mmcontinuity.models.aligned3d': 'mmaction',
    'mmcontinuity.models.colorization': 'mmseg',
    'mmcontinuity.models.liftpool': 'mmpretrain',
    'mmcontinuity.models.liftpool.classifier': ('mmpretrain', 'mmseg'),
    'mmcontinuity.models.liftpool.segnet': 'mmseg',
    'mmcontinuity.models.two_in_one': 'mmaction',
    'mmcontinuity.models.two_in_one.tubelet_ssd': ('mmaction', 'mmdet'),
    'mmcontinuity.models.two_in_one.ssd_head': 'mmdet',
    'mmcontinuity.datasets': 'mmaction',
    'mmcontinuity.datasets.transforms.colorization': 'mmseg',
    'mmcontinuity.datasets.transforms.corruption': 'mmpretrain',
    'mmcontinuity.datasets.transforms.image_loading': 'mmseg',
    'mmcontinuity.datasets.image_datasets': ('mmpretrain', 'mmseg'),
    'mmcontinuity.datasets.perturbation_dataset': 'mmpretrain',
    'mmcontinuity.evaluation.metrics': 'mmaction',
    'mmcontinuity.evaluation.metrics.colorization_metric': 'mmseg',
    'mmcontinuity.evaluation.metrics.robustness_metric': 'mmpretrain',
}
REGISTRABLE = (torch.nn.Module, BaseTransform, BaseDataset, BaseMetric)


def _public_classes():
    """(module name, class) of every registrable class in an ``__all__``."""
    found = []
    for info in pkgutil.walk_packages(mmcontinuity.__path__, 'mmcontinuity.'):
        if '.utils.compat' in info.name:
            continue
        module = importlib.import_module(info.name)
        for name in getattr(module, '__all__', []):
            obj = getattr(module, name)
            if (inspect.isclass(obj) and issubclass(obj, REGISTRABLE)
                    and obj.__module__.startswith('mmcontinuity')):
                found.append((obj.__module__, obj))
    return sorted(set(found), key=lambda item: item[1].__qualname__)


def _registries(scope):
    names = ('MODELS', 'DATASETS', 'TRANSFORMS', 'METRICS', 'TASK_UTILS')
    module = importlib.import_module(f'{scope}.registry')
    return [getattr(module, n) for n in names if hasattr(module, n)]


def _intended_scope(module_name):
    prefixes = [p for p in SCOPES if module_name.startswith(p)]
    if not prefixes:
        raise KeyError(f'{module_name}: add its intended scope to SCOPES')
    return SCOPES[max(prefixes, key=len)]


PUBLIC = _public_classes()


def test_package_has_public_modules():
    assert PUBLIC, 'no public registrable class found in mmcontinuity'


@pytest.mark.parametrize('module_name,cls', PUBLIC,
                         ids=[c.__qualname__ for _, c in PUBLIC])
def test_public_class_is_registered(module_name, cls):
    scope = _intended_scope(module_name)
    scopes = scope if isinstance(scope, tuple) else (scope, )
    hits = [reg for s in scopes for reg in _registries(s)
            if reg.get(cls.__name__) is cls]
    assert hits, (f'{cls.__name__} ({module_name}) is not registered in '
                  f'the {scope} registries')
