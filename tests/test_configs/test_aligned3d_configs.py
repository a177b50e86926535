"""Every aligned-3D config (configs/aligned3d, the per-frame baseline has its
own test) builds its model, its val/test data sets build on small files in
the real formats, and its evaluators compute their metrics.

Data: the smallest generated `recognition_fast` and `davis` splits; for the
UCF101 / HMDB51 configs list files written by
tools/data/build_recognition_lists.py from official-format split files over
a few tiny frame folders; Kinetics-400 and DAVIS-2016 in their layouts. The
evaluators score predictions equal to the ground truth (100 %); a slow test
runs the untrained model of each distinct benchmark model on its val set
(so the predictions have the shapes the metric reads)."""
import glob
import math
import os
import os.path as osp
import runpy
import sys

import cv2
import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.evaluator import Evaluator
from mmengine.registry import DATASETS, MODELS, DefaultScope

import mmcontinuity  # noqa: F401
from mmcontinuity.datasets.bench import generate

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CONFIG_DIR = osp.join(REPO, 'configs', 'aligned3d')
CONFIGS = sorted(
    osp.relpath(p, CONFIG_DIR)
    for p in glob.glob(osp.join(CONFIG_DIR, '**', '*.py'), recursive=True)
    if '/_base_/' not in p and '/baselines/' not in p)
#: one benchmark config per model type (the others differ in data/schedule)
BENCH_MODELS = [
    'vanilla3d_r3d18-tiny_1xb8-16x1x1-300it_continuity-bench-recognition-'
    'fast.py',
    'aligned3d-p2point-dual_r3d18-tiny_1xb8-16x1x1-300it_continuity-bench-'
    'recognition-fast.py',
    'trajectory-conv_r3d18-tiny_1xb8-16x1x1-300it_continuity-bench-'
    'recognition-fast-rgb-flow.py',
    'deeplab3d-p2point_r3d18-tiny_1xb2-8x1x1-600it_continuity-bench-'
    'davis.py',
]
UCF_CLASSES = ['ApplyEyeMakeup', 'Archery']
HMDB_CLASSES = ['brush_hair', 'cartwheel']


def _config(name):
    return Config.fromfile(osp.join(CONFIG_DIR, name))


def _frames(folder, num, size=(80, 60)):
    os.makedirs(folder, exist_ok=True)
    for t in range(1, num + 1):
        image = np.full((size[1], size[0], 3), 3 * t % 256, np.uint8)
        cv2.imwrite(osp.join(folder, f'img_{t:05d}.jpg'), image)
        for axis in 'xy':
            cv2.imwrite(osp.join(folder, f'flow_{axis}_{t:05d}.jpg'),
                        np.full((size[1], size[0]), 128, np.uint8))


def _build_lists(*args):
    """tools/data/build_recognition_lists.py ARGS, in this process."""
    argv = sys.argv
    sys.argv = ['build_recognition_lists.py', *args]
    try:
        runpy.run_path(
            osp.join(REPO, 'tools/data/build_recognition_lists.py'),
            run_name='__main__')
    finally:
        sys.argv = argv


@pytest.fixture(scope='module')
def data_cwd(tmp_path_factory):
    """data/continuity_bench/{recognition_fast,davis} at their smallest;
    data/{ucf101,hmdb51} rawframes with lists from the official split
    files, data/kinetics400 and data/DAVIS in their layouts."""
    root = tmp_path_factory.mktemp('aligned3d_configs')
    data = root / 'data'
    for split, scale in (('recognition_fast', 0.02), ('davis', 0.05)):
        generate(str(data / 'continuity_bench'), splits=(split, ),
                 scale=scale, progress=False)
    # UCF101: classInd.txt, trainlist01.txt, testlist01.txt
    ucf = data / 'ucf101'
    split_dir = ucf / 'ucfTrainTestlist'
    split_dir.mkdir(parents=True)
    (split_dir / 'classInd.txt').write_text(''.join(
        f'{i + 1} {c}\n' for i, c in enumerate(UCF_CLASSES)))
    videos = [f'v_{c}_g01_c01' for c in UCF_CLASSES]
    for k in (1, 2, 3):
        (split_dir / f'trainlist0{k}.txt').write_text(''.join(
            f'{c}/{v}.avi {i + 1}\n'
            for i, (c, v) in enumerate(zip(UCF_CLASSES, videos))))
        (split_dir / f'testlist0{k}.txt').write_text(''.join(
            f'{c}/{v}.avi\n' for c, v in zip(UCF_CLASSES, videos)))
    for c, video in zip(UCF_CLASSES, videos):
        _frames(str(ucf / 'rawframes' / c / video), 70)
    _build_lists('ucf101', str(split_dir), str(ucf), '--rawframes',
                 str(ucf / 'rawframes'))
    # HMDB51: <class>_test_split<k>.txt with '<video>.avi <1 train|2 test>'
    hmdb = data / 'hmdb51'
    split_dir = hmdb / 'testTrainMulti_7030_splits'
    split_dir.mkdir(parents=True)
    for c in HMDB_CLASSES:
        for k in (1, 2, 3):
            (split_dir / f'{c}_test_split{k}.txt').write_text(
                f'{c}_a.avi 1\n{c}_b.avi 2\n')
        for v in ('a', 'b'):
            _frames(str(hmdb / 'rawframes' / c / f'{c}_{v}'), 40)
    _build_lists('hmdb51', str(split_dir), str(hmdb), '--rawframes',
                 str(hmdb / 'rawframes'))
    # Kinetics-400: list files of mp4 videos
    k400 = data / 'kinetics400'
    for subset in ('train', 'val'):
        folder = k400 / f'videos_{subset}'
        folder.mkdir(parents=True)
        writer = cv2.VideoWriter(str(folder / 'a.mp4'),
                                 cv2.VideoWriter_fourcc(*'mp4v'), 25,
                                 (80, 60))
        for t in range(40):
            writer.write(np.full((60, 80, 3), 5 * t, np.uint8))
        writer.release()
        (k400 / f'kinetics400_{subset}_list_videos.txt').write_text(
            'a.mp4 1\n')
    # DAVIS-2016: the benchmark's davis sequences in data/DAVIS
    os.symlink(data / 'continuity_bench' / 'davis', data / 'DAVIS')
    return root


@pytest.fixture(autouse=True)
def mmaction_scope():
    with DefaultScope.overwrite_default_scope('mmaction'):
        yield


def _perfect(cfg, batch):
    """Predictions equal to the ground truth of each sample."""
    for sample in batch['data_samples']:
        if 'gt_masks' in sample:
            sample.pred_masks = sample.gt_masks.float()
        else:
            score = torch.zeros(cfg.model.cls_head.num_classes)
            score[sample.gt_label] = 1
            sample.set_pred_score(score)
    return batch['data_samples']


def _is_davis(cfg):
    return cfg.test_evaluator.type == 'DAVISMetric'


def _data_settings(name):
    cfg = _config(name)
    return repr([cfg.train_dataloader.dataset, cfg.test_dataloader.dataset,
                 cfg.val_evaluator, cfg.test_evaluator,
                 cfg.model.data_preprocessor])


#: one config per distinct data / evaluator / input-normalisation settings
DATA_CONFIGS = list({_data_settings(c): c for c in CONFIGS}.values())


@pytest.mark.parametrize('name', DATA_CONFIGS)
def test_config_data_and_evaluators(name, data_cwd, monkeypatch):
    """The data sets build from the files the tools write, a training and a
    test sample are clips with the channels of the model's preprocessor
    and the config's size, and both evaluators give 100 % for predictions
    equal to the ground truth (configs with the same data settings are
    checked once)."""
    cfg = _config(name)
    monkeypatch.chdir(data_cwd)
    channels = len(cfg.model.data_preprocessor.mean)
    size = (300, 530) if 'davis2016' in name else (96, 160) if _is_davis(
        cfg) else (64, 64) if 'continuity-bench' in name else (112, 112)
    inputs = DATASETS.build(cfg.train_dataloader.dataset)[0]['inputs']
    assert inputs.shape[-4] == channels
    assert tuple(inputs.shape[-2:]) == size
    dataset = DATASETS.build(cfg.test_dataloader.dataset)
    batch = pseudo_collate([dataset[i] for i in range(len(dataset))])
    assert tuple(batch['inputs'][0].shape[-2:]) == size
    for key in ('val_evaluator', 'test_evaluator'):
        evaluator = Evaluator(cfg[key])
        evaluator.dataset_meta = dataset.metainfo
        evaluator.process(_perfect(cfg, batch), batch)
        metrics = evaluator.evaluate(len(dataset))
        if _is_davis(cfg):
            assert metrics['davis/J_mean'] == pytest.approx(100), metrics
        else:
            assert metrics['acc/top1'] == 1.0, metrics


@pytest.mark.slow
def test_models_build():
    """One model per distinct model config builds (ImageNet inflation is
    not run: it downloads)."""
    seen = set()
    for name in CONFIGS:
        model_cfg = _config(name).model
        if repr(model_cfg) in seen:
            continue
        seen.add(repr(model_cfg))
        model = MODELS.build(model_cfg)
        assert model.backbone is not None, name


def _metric(cfg):
    return 'davis/J&F_mean' if _is_davis(cfg) else 'acc/top1'


@pytest.mark.slow
@pytest.mark.parametrize('name', BENCH_MODELS)
def test_benchmark_model_predictions_evaluate(name, data_cwd, monkeypatch):
    """The untrained model of each distinct benchmark model config predicts
    the val/test sets and its evaluators compute a finite metric."""
    cfg = _config(name)
    monkeypatch.chdir(data_cwd)
    torch.manual_seed(0)
    model = MODELS.build(cfg.model)
    model.eval()
    for loader, key in (('val_dataloader', 'val_evaluator'),
                        ('test_dataloader', 'test_evaluator')):
        dataset = DATASETS.build(cfg[loader].dataset)
        assert len(dataset) > 0
        evaluator = Evaluator(cfg[key])
        evaluator.dataset_meta = dataset.metainfo
        batch = pseudo_collate([dataset[i] for i in range(len(dataset))])
        with torch.no_grad():
            outputs = model.test_step(batch)
        evaluator.process(outputs, batch)
        metrics = evaluator.evaluate(len(dataset))
        assert math.isfinite(metrics[_metric(cfg)]), metrics


@pytest.mark.parametrize('model', ['aligned3d-p2point', 'vanilla3d'])
def test_length_rate_configs_change_only_the_sampling(model):
    """The length x rate benchmark configs (Table 5.3) are their 16 x 1
    config with another clip length and rate in the training and test
    samplers: model, schedule, data sets and evaluators are the same."""
    suffix = '-300it_continuity-bench-recognition-fast.py'
    base = _config(f'{model}_r3d18-tiny_1xb8-16x1x1{suffix}').to_dict()
    for length, rate in ((8, 1), (8, 2)):
        cfg = _config(
            f'{model}_r3d18-tiny_1xb8-{length}x{rate}x1{suffix}').to_dict()
        samplers = [cfg[key][0]
                    for key in ('train_pipeline', 'test_pipeline')] + [
            cfg[key]['dataset']['pipeline'][0]
            for key in ('train_dataloader', 'val_dataloader',
                        'test_dataloader')]
        for sampler in samplers:
            assert sampler['type'] == 'LengthRateSample'
            assert (sampler['length'], sampler['rate']) == (length, rate)
            sampler.update(length=16, rate=1)
        assert cfg == base
