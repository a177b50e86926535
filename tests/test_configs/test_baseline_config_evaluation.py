"""The LiftPool, aligned 3D and colorization baseline configs and the smoke
configs of tests/data/configs: their val and test data sets build on the
smallest built-in benchmark (or the smoke data of
tools/misc/make_smoke_data.py), the config's untrained model predicts every
sample (so the predictions have the shapes its metric reads), and
`val_evaluator` / `test_evaluator` compute their metrics."""
import glob
import importlib.util
import math
import os.path as osp

import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.evaluator import Evaluator
from mmengine.registry import DATASETS, MODELS, DefaultScope

import mmcontinuity  # noqa: F401

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
BASELINES = sorted(
    osp.relpath(p, REPO)
    for system in ('liftpool', 'aligned3d', 'colorization')
    for p in glob.glob(osp.join(REPO, 'configs', system, 'baselines', '*.py')))
SMOKE = sorted(
    osp.relpath(p, REPO)
    for p in glob.glob(osp.join(REPO, 'tests', 'data', 'configs', '*.py')))
#: metric key every evaluator of a config reports (test, val)
METRIC = {
    'cls.py': ('accuracy/top1', 'accuracy/top1'),
    'cls-corruption.py': ('corruption/mCE', 'accuracy/top1'),
    'cls-perturbation.py': ('perturbation/mFR', 'accuracy/top1'),
    'cls-shift.py': ('shift/consistency', 'accuracy/top1'),
    'davis.py': ('davis/J&F_mean', 'davis/J&F_mean'),
    'colorization.py': ('colorization/ab_psnr', 'colorization/ab_psnr'),
    'colorization-semantic.py': ('colorization/mIoU', 'colorization/ab_psnr'),
    'colorization-seg.py': ('mIoU', 'mIoU'),
    'mmaction_i3d-r18-tiny_smoke.py': ('acc/top1', 'acc/top1'),
    'mmdet_retinanet-r18-tiny_smoke.py': ('coco/bbox_mAP', 'coco/bbox_mAP'),
    'mmpretrain_resnet18-tiny_smoke.py': ('accuracy/top1', 'accuracy/top1'),
    'mmseg_fcn-r18-tiny_smoke.py': ('mIoU', 'mIoU'),
}


def _expected(name):
    return next(v for k, v in METRIC.items() if name.endswith('_' + k)
                or name.endswith('-' + k) or osp.basename(name) == k)


@pytest.fixture(scope='module')
def data_cwd(tmp_path_factory):
    """A working directory with data/continuity_bench/{classification,
    davis,colorization} at their smallest and data/smoke/."""
    from mmcontinuity.datasets.bench import generate
    root = tmp_path_factory.mktemp('baseline_eval')
    out = str(root / 'data' / 'continuity_bench')
    for split, scale in (('classification', 0.01), ('davis', 0.05),
                         ('colorization', 0.02)):
        generate(out, splits=(split, ), scale=scale, progress=False)
    spec = importlib.util.spec_from_file_location(
        'make_smoke_data', osp.join(REPO, 'tools/misc/make_smoke_data.py'))
    smoke = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(smoke)
    rng = np.random.default_rng(0)
    for name in ('classification', 'segmentation', 'detection', 'recognition'):
        getattr(smoke, f'write_{name}')(str(root / 'data' / 'smoke' / name),
                                        rng, 4, 64)
    return root


def _seg_checkpoint(cfg, path):
    """A checkpoint of the (untrained) segmentation model that the
    `-semantic` colorization metric loads."""
    seg_cfg = Config.fromfile(cfg.test_evaluator.seg_model.config)
    with DefaultScope.overwrite_default_scope(seg_cfg.default_scope):
        seg = MODELS.build(seg_cfg.model)
    torch.save(dict(meta=dict(), state_dict=seg.state_dict()), path)
    return str(path)


@pytest.mark.parametrize('name', BASELINES + SMOKE)
def test_evaluators_compute_metrics(name, data_cwd, tmp_path, monkeypatch):
    cfg = Config.fromfile(osp.join(REPO, name))
    if cfg.test_evaluator.get('seg_model'):
        cfg.test_evaluator.seg_model.checkpoint = _seg_checkpoint(
            cfg, tmp_path / 'seg.pth')
    monkeypatch.chdir(data_cwd)
    torch.manual_seed(0)
    with DefaultScope.overwrite_default_scope(cfg.default_scope):
        model_cfg = dict(cfg.model)
        if cfg.get('data_preprocessor'):  # mmpretrain's, as the Runner does
            model_cfg.setdefault('data_preprocessor', cfg.data_preprocessor)
        model = MODELS.build(model_cfg).eval()
        for loader, evaluator_key, metric in zip(
            ('test_dataloader', 'val_dataloader'),
            ('test_evaluator', 'val_evaluator'), _expected(name)):
            dataset = DATASETS.build(cfg[loader].dataset)
            assert len(dataset) > 0
            evaluator = Evaluator(cfg[evaluator_key])
            evaluator.dataset_meta = getattr(dataset, 'metainfo', None)
            for start in range(0, len(dataset), 16):
                batch = pseudo_collate([
                    dataset[i]
                    for i in range(start, min(start + 16, len(dataset)))
                ])
                with torch.no_grad():
                    outputs = model.test_step(batch)
                evaluator.process(outputs, batch)
            metrics = evaluator.evaluate(len(dataset))
            assert metric in metrics, (evaluator_key, sorted(metrics))
            assert all(
                math.isfinite(v) or v == -1 for v in metrics.values()
                if isinstance(v, float)), metrics
