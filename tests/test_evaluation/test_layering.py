"""Layering: ``datasets`` and ``evaluation`` do not import each other, and
the functional code (metrics' ``evaluation.functional``, the image
corruptions of ``datasets.transforms.functional``, the ground-truth readers
of ``utils.annotations``) imports no OpenMMLab library and no torch."""
import ast
import json
import os
import os.path as osp
import subprocess
import sys
from importlib.util import find_spec

import pytest

PACKAGE = find_spec('mmcontinuity').submodule_search_locations[0]
STACK = ('mmaction', 'mmseg', 'mmdet', 'mmpretrain', 'mmengine', 'mmcv',
         'torch')

# Importing ``mmcontinuity.x.y`` runs ``mmcontinuity/__init__.py``, which
# registers every module (configs rely on ``custom_imports=['mmcontinuity']``)
# and so imports the stack. The child process therefore puts bare packages
# for the parents in ``sys.modules`` (same name, same folder, no
# ``__init__`` run) and imports the functional package under its real name:
# everything it imports, absolute imports of ``mmcontinuity`` included, is
# loaded for real.
CHILD = """
import importlib, json, sys, types
package, parents, module, stack = json.loads(sys.argv[1])
for name in parents:
    stub = types.ModuleType(name)
    stub.__path__ = [package + name[len('mmcontinuity'):].replace('.', '/')]
    sys.modules[name] = stub
importlib.import_module(module)
print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} & set(stack))))
"""


@pytest.mark.parametrize('module', [
    'mmcontinuity.evaluation.functional',
    'mmcontinuity.datasets.transforms.functional',
    'mmcontinuity.utils.annotations',
])
def test_functional_code_imports_no_stack(module):
    parts = module.split('.')
    parents = ['.'.join(parts[:i]) for i in range(1, len(parts))]
    args = json.dumps([PACKAGE, parents, module, STACK])
    out = subprocess.run([sys.executable, '-c', CHILD, args],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == [], f'{module} imports {out.stdout}'


def _imported(path):
    """Absolute names of the modules (and imported names) of the imports of
    the package file at ``path``, relative imports resolved."""
    rel = osp.relpath(path, osp.dirname(PACKAGE))[:-len('.py')]
    package = osp.dirname(rel).replace(osp.sep, '.')
    with open(path) as f:
        tree = ast.parse(f.read(), path)
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.split('.')
            if node.level:
                base = base[:len(base) - node.level + 1]
                name = '.'.join(base + ([node.module] if node.module else []))
            else:
                name = node.module
            names += [name] + [f'{name}.{a.name}' for a in node.names]
    return names


@pytest.mark.parametrize('source,forbidden', [('evaluation', 'datasets'),
                                              ('datasets', 'evaluation')])
def test_datasets_and_evaluation_do_not_import_each_other(source, forbidden):
    found = []
    for folder, _, files in os.walk(osp.join(PACKAGE, source)):
        for path in (osp.join(folder, f) for f in files if f.endswith('.py')):
            found += [(path, name) for name in _imported(path)
                      if name.startswith(f'mmcontinuity.{forbidden}')]
    assert not found


def test_imports_are_resolved():
    """The scan sees relative and absolute imports under their full name."""
    metric = _imported(osp.join(PACKAGE, 'evaluation', 'metrics',
                                'tubelet_map.py'))
    assert 'mmcontinuity.evaluation.functional.stitch_tubelets' in metric
    assert 'mmcontinuity.utils.annotations.load_act_gt' in metric
    assert 'mmaction.registry.METRICS' in metric
    init = _imported(osp.join(PACKAGE, 'datasets', '__init__.py'))
    assert 'mmcontinuity.datasets.transforms' in init
