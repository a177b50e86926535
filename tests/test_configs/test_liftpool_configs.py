"""Every LiftPool config (CIFAR-100, ImageNet, VOC 2012 aug and the built-in
benchmark; the max-pooling baselines are in
test_baseline_config_evaluation.py): its model builds with the pooling it
names, its val and test data sets build on small files in the real formats
(CIFAR-100 pickles, ImageNet folders, VOC layout, the smallest benchmark),
`val_evaluator` / `test_evaluator` score the ground truth 100, and (slow)
the untrained model predicts them through the evaluators. VOC images are
resized to 64x64 instead of 512 on the short side (speed); everything else
is the config's."""
import copy
import functools
import glob
import math
import os
import os.path as osp
import pickle
import re

import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.evaluator import Evaluator
from mmengine.registry import DATASETS, MODELS, DefaultScope

import mmcontinuity  # noqa: F401
from mmcontinuity.models.liftpool import LiftDownPool2d

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CONFIG_DIR = osp.join(REPO, 'configs', 'liftpool')
CONFIGS = sorted(
    osp.relpath(p, CONFIG_DIR)
    for p in glob.glob(osp.join(CONFIG_DIR, '**', '*.py'), recursive=True)
    if '/_base_/' not in p and '/baselines/' not in p)
#: the down-sampling layer each config name announces (most specific first)
POOL_TYPES = {
    'liftdownpool': 'LiftDownPool2d', 'maxunpool-blurpool':
    'BlurMaxUnpoolSampling', 'maxunpool': 'MaxUnpoolSampling',
    'liftuppool': 'LiftSampling', 'maxpool': 'MaxPool2d',
    'avgpool': 'AvgPool2d', 'skip': 'Subsample2d', 'blurpool': 'MaxBlurPool2d'
}


def _write_image(path, size, rng):
    import cv2
    os.makedirs(osp.dirname(path), exist_ok=True)
    cv2.imwrite(path, rng.integers(0, 256, (*size, 3), dtype=np.uint8))


@pytest.fixture(scope='module')
def data_cwd(tmp_path_factory):
    """data/ with CIFAR-100 pickles (4 test images), an ImageNet val folder
    (2 images), VOC 2012 (2 val images) and the smallest benchmark."""
    from PIL import Image

    from mmcontinuity.datasets.bench import generate
    root = tmp_path_factory.mktemp('liftpool_configs')
    rng = np.random.default_rng(0)
    cifar = root / 'data' / 'cifar100' / 'cifar-100-python'
    os.makedirs(cifar)
    for split in ('train', 'test'):
        with open(cifar / split, 'wb') as f:
            pickle.dump(dict(data=rng.integers(0, 256, (4, 3072), np.uint8),
                             fine_labels=[0, 1, 2, 99]), f)
    with open(cifar / 'meta', 'wb') as f:
        pickle.dump(dict(fine_label_names=[f'c{i}' for i in range(100)]), f)
    imagenet = root / 'data' / 'imagenet'
    os.makedirs(imagenet / 'meta')
    with open(imagenet / 'meta' / 'val.txt', 'w') as f:
        for i in range(2):
            _write_image(str(imagenet / 'val' / f'{i}.JPEG'), (40, 48), rng)
            f.write(f'{i}.JPEG {7 * i}\n')
    voc = root / 'data' / 'VOCdevkit' / 'VOC2012'
    os.makedirs(voc / 'ImageSets' / 'Segmentation')
    os.makedirs(voc / 'SegmentationClass')
    with open(voc / 'ImageSets' / 'Segmentation' / 'val.txt', 'w') as f:
        for i in range(2):
            _write_image(str(voc / 'JPEGImages' / f'{i}.jpg'), (40, 48), rng)
            Image.fromarray(rng.integers(0, 21, (40, 48), np.uint8)).save(
                voc / 'SegmentationClass' / f'{i}.png')
            f.write(f'{i}\n')
    out = str(root / 'data' / 'continuity_bench')
    generate(out, splits=('classification', ), scale=0.005, progress=False)
    generate(out, splits=('segmentation', ), scale=0.01, progress=False)
    return root


@pytest.fixture(scope='module', autouse=True)
def metafiles_read_once():
    """MMEngine reads all metafiles of mmpretrain / mmseg for each
    ``package::`` base (2 s per config): read each file once."""
    from mmengine.config import utils
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(utils, 'load', functools.lru_cache()(utils.load))
        yield


@pytest.fixture(autouse=True)
def no_cifar_checksums(monkeypatch):
    monkeypatch.setattr('mmpretrain.datasets.cifar.check_md5',
                        lambda *args: True)


#: the ablation each config name announces: Table 3.1's sub-band kept,
#: Table 3.2's kernel size K (``-k3`` -> 3)
ABLATIONS = {
    name: re.search(r'-(ll|lh|hl|hh|k\d+)_', name).group(1)
    for name in CONFIGS if re.search(r'-(ll|lh|hl|hh|k\d+)_', name)
}


def _pool_type(name):
    return next(v for k, v in POOL_TYPES.items() if f'-{k}' in name)


def _small_voc(dataloader):
    for step in dataloader.dataset.pipeline:
        if step['type'] == 'Resize':
            step['scale'] = (64, 64)


def _types(cfg):
    """Every ``type`` in a (nested) config."""
    if isinstance(cfg, dict):
        return {cfg.get('type')} | set().union(
            *(_types(v) for v in cfg.values()))
    if isinstance(cfg, (list, tuple)):
        return set().union(*(_types(v) for v in cfg))
    return set()


def _ground_truth_outputs(batch, scope):
    """Predictions equal to the labels, as the model's test_step emits
    them."""
    outputs = []
    for sample in batch['data_samples']:
        sample = sample.clone()
        if 'seg' in scope:
            sample.pred_sem_seg = sample.gt_sem_seg
        else:
            score = torch.zeros(1000)
            score[sample.gt_label] = 1
            sample.set_pred_score(score).set_pred_label(sample.gt_label)
        outputs.append(sample)
    return outputs


def _load(name, data_cwd, monkeypatch):
    cfg = Config.fromfile(osp.join(CONFIG_DIR, name))
    monkeypatch.chdir(data_cwd)
    for loader in ('val_dataloader', 'test_dataloader'):
        if 'voc12aug' in name:
            _small_voc(cfg[loader])
    return cfg


def _evaluate(cfg, outputs_of):
    """Build val and test sets, run the evaluators on ``outputs_of(batch)``
    and return the metrics."""
    results = []
    for loader, evaluator_key in (('test_dataloader', 'test_evaluator'),
                                  ('val_dataloader', 'val_evaluator')):
        dataset = DATASETS.build(cfg[loader].dataset)
        assert 0 < len(dataset) <= 20
        evaluator = Evaluator(cfg[evaluator_key])
        evaluator.dataset_meta = dataset.metainfo
        batch = pseudo_collate([dataset[i] for i in range(len(dataset))])
        evaluator.process(outputs_of(batch), batch)
        results.append(evaluator.evaluate(len(dataset)))
    return results


@pytest.mark.parametrize('name', CONFIGS)
def test_config_data_and_evaluators(name, data_cwd, monkeypatch):
    """The pooling the name announces is in the config; the evaluators
    score the ground truth 100."""
    cfg = _load(name, data_cwd, monkeypatch)
    assert _pool_type(name) in _types(cfg.model)
    key = 'mIoU' if 'seg' in cfg.default_scope else 'accuracy/top1'
    with DefaultScope.overwrite_default_scope(cfg.default_scope):
        for metrics in _evaluate(
                cfg, lambda b: _ground_truth_outputs(b, cfg.default_scope)):
            assert metrics[key] == pytest.approx(100), metrics


@pytest.mark.slow
@pytest.mark.parametrize('name', CONFIGS)
def test_config_model_predicts(name, data_cwd, monkeypatch):
    """The model builds with its pooling layer and its predictions go
    through the evaluators."""
    cfg = _load(name, data_cwd, monkeypatch)
    torch.manual_seed(0)
    with DefaultScope.overwrite_default_scope(cfg.default_scope):
        model_cfg = dict(cfg.model)
        if cfg.get('data_preprocessor') and 'seg' not in cfg.default_scope:
            model_cfg.setdefault('data_preprocessor', cfg.data_preprocessor)
        model = MODELS.build(model_cfg)
        model.eval()
        pool = _pool_type(name)
        assert any(type(m).__name__ == pool for m in model.modules())
        lift = any(isinstance(m, LiftDownPool2d) for m in model.modules())
        assert lift == (pool in ('LiftDownPool2d', 'LiftSampling'))
        with torch.no_grad():
            metrics = _evaluate(cfg, model.test_step)
    key = 'mIoU' if 'seg' in cfg.default_scope else 'accuracy/top1'
    assert all(math.isfinite(m[key]) for m in metrics), metrics


@functools.lru_cache()
def _resolved(path):
    return Config.fromfile(path).to_dict()


@pytest.mark.parametrize('name', sorted(ABLATIONS))
def test_ablation_config_option(name):
    """An ablation changes only the LiftDownPool option its name announces
    (the kept sub-band or K) of the config it inherits (all four sub-bands
    summed, K = 5)."""
    path = osp.join(CONFIG_DIR, name)
    base_file, = Config._get_base_files(path)
    cfg = copy.deepcopy(_resolved(path))
    base = copy.deepcopy(_resolved(osp.join(osp.dirname(path), base_file)))
    option = ABLATIONS[name]
    key, value = (('kernel_size', int(option[1:])) if option[0] == 'k' else
                  ('sub_bands', (option.upper(), )))
    assert cfg['model']['backbone']['pool_cfg'].pop(key) == value
    assert base['model']['backbone']['pool_cfg'].pop(key, None) in (5, None)
    assert cfg == base
