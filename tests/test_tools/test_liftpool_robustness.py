"""tools/analysis/robustness.py: the protocols it sets up (fast) and a run
on the max-pooling baseline's tiny config with a 1-iteration checkpoint on
reduced data (slow)."""
import argparse
import importlib.util
import json
import os.path as osp
import re
import sys

import numpy as np
import pytest
import torch
from mmengine.config import Config

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CONFIG = osp.join(REPO, 'configs', 'liftpool', 'baselines',
                  'resnet18-tiny-maxpool_1xb32-100e_continuity-bench-cls')


@pytest.fixture(scope='module')
def robustness():
    path = osp.join(REPO, 'tools', 'analysis', 'robustness.py')
    spec = importlib.util.spec_from_file_location('robustness', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def options(**kwargs):
    args = dict(corruptions=['fog', 'pixelate'], severities=[2, 5],
                perturbations=['shot_noise', 'rotate'], num_frames=3,
                crop_size=32, max_shift=4, max_images=None)
    return argparse.Namespace(**dict(args, **kwargs))


def test_protocols_insert_their_step_before_packing(robustness):
    test_set = Config.fromfile(CONFIG + '.py').test_dataloader.dataset
    specs = robustness.protocols(test_set.to_dict(), options(max_images=7))
    assert list(specs) == ['clean', 'corruption', 'perturbation', 'shift']
    clean, accuracy = specs['clean']
    assert clean['pipeline'] == test_set.pipeline
    assert clean['indices'] == 7 and accuracy['type'] == 'Accuracy'
    corrupted, metric = specs['corruption']
    assert [(d['pipeline'][-2]['corruption'], d['pipeline'][-2]['severity'])
            for d in corrupted['datasets']] == [('fog', 2), ('fog', 5),
                                                ('pixelate', 2),
                                                ('pixelate', 5)]
    assert corrupted['datasets'][0]['pipeline'][-1] == dict(
        type='PackInputs', meta_keys=('img_path', 'corruption', 'severity'))
    assert metric['reference_errors']['fog'] == [0.819324] * 5
    sequences, flip = specs['perturbation']
    assert sequences['dataset']['pipeline'] == []
    assert sequences['pipeline'][-2] == dict(type='ImagePerturbation')
    assert flip['noise_perturbations'] == ['shot_noise']
    shifted, _ = specs['shift']
    assert shifted['datasets'][0] == shifted['datasets'][1]
    assert shifted['datasets'][0]['pipeline'][-2]['type'] == 'RandomCrop'


def test_model_gets_the_config_data_preprocessor(robustness, tmp_path):
    from mmengine.registry import init_default_scope
    from mmpretrain.registry import MODELS
    cfg = Config.fromfile(CONFIG + '.py')
    init_default_scope('mmpretrain')
    torch.save(dict(state_dict=MODELS.build(cfg.model).state_dict()),
               tmp_path / 'init.pth')
    model = robustness.build_model(cfg, str(tmp_path / 'init.pth'))
    assert not model.training
    assert model.data_preprocessor.std.flatten().tolist() == pytest.approx(
        cfg.data_preprocessor.std)


def test_a_robustness_config_is_refused(robustness):
    cfg = Config.fromfile(CONFIG + '-corruption.py')
    with pytest.raises(ValueError, match='ends with PackInputs'):
        robustness.protocols(cfg.test_dataloader.dataset.to_dict(),
                             options())


@pytest.fixture(scope='module')
def bench(tmp_path_factory):
    from mmcontinuity.datasets.bench import generate
    root = tmp_path_factory.mktemp('liftpool_robustness')
    generate(str(root / 'data' / 'continuity_bench'),
             splits=('classification', ), scale=0.02, progress=False)
    return root


def one_iteration_checkpoint(path):
    """The baseline trained for one SGD step on one batch."""
    from mmengine.dataset import pseudo_collate
    from mmengine.optim import build_optim_wrapper
    from mmengine.registry import init_default_scope
    from mmpretrain.registry import DATASETS, MODELS
    cfg = Config.fromfile(CONFIG + '.py')
    init_default_scope('mmpretrain')
    model = MODELS.build(
        dict(cfg.model, data_preprocessor=cfg.data_preprocessor))
    model.init_weights()
    train_set = DATASETS.build(cfg.train_dataloader.dataset)
    batch = pseudo_collate([train_set[i] for i in range(8)])
    model.train_step(batch, build_optim_wrapper(model, cfg.optim_wrapper))
    torch.save(dict(state_dict=model.state_dict(), meta={}), path)


@pytest.mark.slow
def test_robustness_table(robustness, bench, monkeypatch, capsys):
    monkeypatch.chdir(bench)
    one_iteration_checkpoint(bench / 'iter_1.pth')
    monkeypatch.setattr(sys, 'argv', [
        'robustness.py', CONFIG + '.py',
        str(bench / 'iter_1.pth'), '--out',
        str(bench / 'robustness.json'), '--max-images', '3',
        '--severities', '3', '--num-frames', '3'
    ])
    robustness.main()
    out = capsys.readouterr().out
    assert 'clean: 3 images, corruption: 45 images, perturbation: 72 ' \
        'images, shift: 6 images' in out
    results = json.loads((bench / 'robustness.json').read_text())
    for row, key in robustness.ROWS:
        value = float(re.search(rf'\| {re.escape(row)} +\| +(\S+) \|',
                                out).group(1))
        assert value == pytest.approx(results[key], abs=0.006)
        assert 0 <= value <= 100 or key.endswith('normalized')
    # all 15 corruption and 8 perturbation types
    assert len([k for k in results if k.startswith('corruption/CE/')]) == 15
    assert len([k for k in results if k.startswith('perturbation/FR/')]) == 8
    # one severity: the normalised CE is the raw one over AlexNet's error
    normalised = np.mean([
        results[f'corruption/CE/{c}'] / error
        for c, error in robustness.ALEXNET_ERRORS.items()
    ])
    assert results['corruption/mCE_normalized'] == pytest.approx(normalised)
    # clean accuracy of the checkpoint as mmengine's Runner tests it
    from mmengine.runner import Runner
    cfg = Config.fromfile(CONFIG + '.py')
    cfg.merge_from_dict({'test_dataloader.dataset.indices': 3})
    cfg.work_dir = str(bench / 'runner')
    cfg.load_from = str(bench / 'iter_1.pth')
    metrics = Runner.from_cfg(cfg).test()
    assert results['accuracy/top1'] == pytest.approx(
        metrics['accuracy/top1'])
