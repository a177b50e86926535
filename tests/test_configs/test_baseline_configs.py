"""The baseline configs of LiftPool (robustness), aligned 3D (DAVIS) and
colorization: each parses, builds its model, and its test set builds on a
small copy of the built-in benchmark and yields what its metric reads."""
import glob
import os.path as osp

import pytest
from mmengine.config import Config
from mmengine.registry import DATASETS, MODELS, DefaultScope

import mmcontinuity  # noqa: F401

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CONFIGS = sorted(
    osp.relpath(p, REPO) for system in ('liftpool', 'aligned3d',
                                        'colorization')
    for p in glob.glob(osp.join(REPO, 'configs', system, 'baselines', '*.py')))
CONFIGS_ABS = [osp.join(REPO, c) for c in CONFIGS]
CLS = ('configs/liftpool/baselines/'
       'resnet18-tiny-maxpool_1xb32-100e_continuity-bench-cls')
#: config -> (metric type, test samples per benchmark image or clip,
#: metainfo keys the metric reads)
EXPECTED = {
    f'{CLS}.py': ('Accuracy', 1, ()),
    f'{CLS}-corruption.py': ('CorruptionError', 75,
                             ('corruption', 'severity')),
    f'{CLS}-perturbation.py': ('FlipRate', 80,
                               ('perturbation', 'sequence_id',
                                'frame_index')),
    f'{CLS}-shift.py': ('ShiftConsistency', 2, ('img_path', )),
    'configs/aligned3d/baselines/'
    'framewise-fcn_r18-tiny-d8_1xb2-8x1x1-600it_continuity-bench-davis.py':
    ('DAVISMetric', None, ('video_id', 'frame_inds')),
    'configs/colorization/baselines/'
    'zhang-ab-classification_r18-tiny-d8_1xb8-600it_'
    'continuity-bench-colorization.py':
    ('ColorizationMetric', 1, ()),
    'configs/colorization/baselines/'
    'zhang-ab-classification_r18-tiny-d8_1xb8-600it_'
    'continuity-bench-colorization-semantic.py': ('ColorizationMetric', 1, ()),
    'configs/colorization/baselines/'
    'fcn_r18-tiny-d8_1xb8-2k_continuity-bench-colorization-seg.py':
    ('IoUMetric', 1, ()),
}


@pytest.fixture(scope='module')
def bench(tmp_path_factory):
    """data/continuity_bench/{classification,davis,colorization} at their
    smallest, under a working directory."""
    from mmcontinuity.datasets.bench import generate
    root = tmp_path_factory.mktemp('baselines')
    out = str(root / 'data' / 'continuity_bench')
    for split, scale in (('classification', 0.01), ('davis', 0.05),
                         ('colorization', 0.02)):
        generate(out, splits=(split, ), scale=scale, progress=False)
    return root


def test_all_configs_listed():
    assert sorted(EXPECTED) == CONFIGS


@pytest.mark.parametrize('name', CONFIGS)
def test_config_builds(name, bench, monkeypatch):
    cfg = Config.fromfile(osp.join(REPO, name))
    metric, per_item, keys = EXPECTED[name]
    assert cfg.test_evaluator.type == metric
    assert cfg.custom_imports.imports == ['mmcontinuity']
    monkeypatch.chdir(bench)
    with DefaultScope.overwrite_default_scope(cfg.default_scope):
        MODELS.build(cfg.model)
        dataset = DATASETS.build(cfg.test_dataloader.dataset)
        sample = dataset[len(dataset) - 1]['data_samples']
    if per_item is not None:
        # 2 classification test images, 1 colorization val image
        items = 1 if 'colorization' in name else 2
        assert len(dataset) == per_item * items
    for key in keys:
        assert key in sample.metainfo, key
    if 'davis' in name:
        assert sample.gt_masks.shape[0] == 8
    if 'zhang' in name:
        assert sample.gt_ab.shape == (32, 32)
    if name.endswith('-semantic.py'):
        seg = cfg.test_evaluator.seg_model
        assert seg.config in CONFIGS_ABS and seg.checkpoint.endswith('.pth')
