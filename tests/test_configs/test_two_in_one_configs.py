"""Every single-frame two-in-one config (SingleFrameSSD: RGB, flow and
two-in-one streams; UCF101-24, J-HMDB-21, UCF-Sports, the benchmark,
ablations) parses, names existing bases, builds its model (the SSD300
ones in the slow test) with the channels its data give, and its data sets
build on small files in the real formats (ACT pickle, frames, BroxFlow
images or x/y flow pairs) and give one-frame samples; its `val_evaluator`
and `test_evaluator`, as the config sets them except for the annotation
path, link frame detections equal to the ground truth into tubes with
video-mAP 100 at every threshold and frame-mAP 100."""
import glob
import json
import os
import os.path as osp
import pickle
import re

import cv2
import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.evaluator import Evaluator
from mmengine.registry import DATASETS, MODELS, DefaultScope
from mmengine.structures import InstanceData

import mmcontinuity  # noqa: F401
from mmcontinuity.datasets.flow_io import write_flow_frame

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CONFIG_DIR = osp.join(REPO, 'configs', 'two_in_one')


# the single-frame SSD configs by name (parsing every config at collection
# is slow); test_data_and_evaluators checks their model type
SINGLE_FRAME = re.compile(r'(two-in-one-)?ssd(300|-tiny)[-_]')
CONFIGS = sorted(
    osp.relpath(p, CONFIG_DIR)
    for p in glob.glob(osp.join(CONFIG_DIR, '**', '*.py'), recursive=True)
    if '/_base_/' not in p and SINGLE_FRAME.match(osp.basename(p)))
TINY = [c for c in CONFIGS if 'ssd-tiny' in c]
H, W = 24, 32
# video: (frames, [(class, first frame, last frame, box)])
VIDEOS = {'v1': (9, [(0, 2, 8, (2, 4, 12, 20)), (1, 4, 9, (18, 2, 30, 22))]),
          'v2': (6, [(2, 1, 6, (10, 6, 20, 18))])}


@pytest.fixture(scope='module')
def act_data(tmp_path_factory):
    """Frames, x/y flow pairs and BroxFlow images (5- and 6-digit names) of
    two videos; one GT pickle per class count (24, 21, 10, 6), 3 splits."""
    root = str(tmp_path_factory.mktemp('two_in_one_act'))
    tubes = {}
    for video, (num, actors) in VIDEOS.items():
        for folder in ('rawframes', 'flow', 'brox'):
            os.makedirs(osp.join(root, folder, video))
        for t in range(1, num + 1):
            cv2.imwrite(osp.join(root, 'rawframes', video, f'{t:05d}.jpg'),
                        np.full((H, W, 3), 20 * t, np.uint8))
            write_flow_frame(osp.join(root, 'flow', video), t,
                             np.ones((H, W, 2), np.float32))
            for name in (f'{t:05d}.jpg', f'{t:06d}.jpg'):
                cv2.imwrite(osp.join(root, 'brox', video, name),
                            np.full((H, W, 3), 128, np.uint8))
        tubes[video] = {}
        for label, first, last, box in actors:
            frames = np.arange(first, last + 1, dtype=np.float32)
            tubes[video][label] = [np.column_stack(
                [frames, np.tile(np.float32(box), (len(frames), 1))])]
    for num_classes in (24, 21, 10, 6):
        gt = dict(labels=[f'class{i}' for i in range(num_classes)],
                  nframes={v: n for v, (n, _) in VIDEOS.items()},
                  resolution={v: (H, W) for v in VIDEOS}, gttubes=tubes,
                  train_videos=[['v1', 'v2'], ['v1'], ['v2']],
                  test_videos=[['v1', 'v2'], ['v2'], ['v1']])
        with open(osp.join(root, f'GT-{num_classes}.pkl'), 'wb') as f:
            pickle.dump(gt, f)
    return root


def _flow_layout(pipeline):
    loaders = [t for t in pipeline if t.type == 'LoadFlowFrames']
    return loaders[0].get('layout', 'xy') if loaders else None


def _dataset_cfg(loader, root, num_classes):
    """The config's data set on the files under ``root``."""
    prefix = dict(img=osp.join(root, 'rawframes'))
    layout = _flow_layout(loader.dataset.pipeline)
    if layout:
        prefix['flow'] = osp.join(root, 'brox' if layout == 'brox' else
                                  'flow')
    return dict(loader.dataset, ann_file=osp.join(
        root, f'GT-{num_classes}.pkl'), data_prefix=prefix,
        filename_tmpl='{:05d}.jpg', serialize_data=False)


def _ground_truth_detections(sample, num_classes):
    """Frame detections equal to the frame's actors: boxes in the original
    frame, one-hot class scores."""
    gt = sample.gt_instances
    sx, sy = sample.metainfo['scale_factor'][:2]
    bboxes = gt.bboxes[:, 0] / torch.tensor([sx, sy, sx, sy])
    scores = torch.zeros(len(gt), num_classes)
    scores[torch.arange(len(gt)), gt.labels] = 1
    return InstanceData(bboxes=bboxes, scores=scores)


def test_configs_found():
    """The three streams on every data set, the Table 4.1 setting and the
    ablations (a config that does not parse would fail the collection)."""
    assert len(CONFIGS) == 48 and len(TINY) == 19
    for stream in ('ssd300_vgg16', 'two-in-one-ssd300_vgg16'):
        for data in ('ucf24', 'jhmdb-split1', 'jhmdb-split2',
                     'jhmdb-split3', 'ucfsports'):
            assert any(c.startswith(stream) and f'_{data}-' in c
                       for c in CONFIGS), (stream, data)


# data + evaluator settings already checked (configs that differ in the
# model only, e.g. the modulation ablations, share them)
CHECKED = set()


@pytest.mark.parametrize('name', [
    pytest.param(c, marks=pytest.mark.slow)
    if 'split2' in c or 'split3' in c else c for c in CONFIGS])
def test_data_and_evaluators(name, act_data):
    cfg = Config.fromfile(osp.join(CONFIG_DIR, name))
    assert cfg.model.type == 'SingleFrameSSD'
    num_classes = cfg.model.bbox_head.num_classes
    assert num_classes == cfg.num_classes
    channels = len(cfg.model.data_preprocessor.mean)
    key = json.dumps([cfg[k].to_dict() for k in (
        'train_dataloader', 'test_dataloader', 'val_evaluator',
        'test_evaluator')] + [channels], sort_keys=True)
    if key in CHECKED:
        return
    CHECKED.add(key)
    with DefaultScope.overwrite_default_scope(cfg.default_scope):
        for loader in ('train_dataloader', 'test_dataloader'):
            dataset = DATASETS.build(_dataset_cfg(cfg[loader], act_data,
                                                  num_classes))
            assert dataset.mode == 'frame' and len(dataset) > 0
            inputs = dataset[0]['inputs']
            # one frame with the channels the model normalises
            assert inputs.shape[:2] == (channels, 1)
        samples = [dataset[i]['data_samples'] for i in range(len(dataset))]
        for sample in samples:
            sample.pred_instances = _ground_truth_detections(sample,
                                                             num_classes)
        evaluators = [cfg.val_evaluator]
        if cfg.test_evaluator != cfg.val_evaluator:
            evaluators.append(cfg.test_evaluator)
        for evaluator_cfg in evaluators:
            assert evaluator_cfg.linking == 'frame'
            evaluator = Evaluator(dict(evaluator_cfg, ann_file=osp.join(
                act_data, f'GT-{num_classes}.pkl')))
            evaluator.process(samples)
            metrics = evaluator.evaluate(len(samples))
            for thr in ('0.2', '0.5', '0.75', '0.5:0.95'):
                assert metrics[f'tubelet/v-mAP@{thr}'] == pytest.approx(
                    100), metrics
            assert metrics['tubelet/f-mAP@0.5'] == pytest.approx(100)


def _build_and_check(name):
    cfg = Config.fromfile(osp.join(CONFIG_DIR, name))
    with DefaultScope.overwrite_default_scope(cfg.default_scope):
        model = MODELS.build(cfg.model)
    channels = len(cfg.model.data_preprocessor.mean)
    points = cfg.model.backbone.get('modulation_points')
    if points is not None:  # two-in-one: RGB + 2 flow channels
        assert channels == 5
        assert len(model.backbone.modulations) == len(points)
        assert model.backbone.condition.layers[-1].kernel_size[0] == \
            cfg.model.backbone.condition.last_kernel_size
    else:
        assert channels == 3
    return model


# the longer schedules: iterations -> the x0.1 steps (same fractions as 600)
LONG_SCHEDULES = {
    2400: [1600, 2000],
    4800: [3200, 4000],
    9600: [6400, 8000]
}


@pytest.mark.parametrize('max_iters', sorted(LONG_SCHEDULES))
def test_long_schedule_changes_only_the_schedule(schedule_stretched,
                                                 max_iters):
    """The 2,400-, 4,800- and 9,600-iteration streams are their
    600-iteration configs with the schedule 4 / 8 / 16 times as long and the
    lr steps at the same fractions."""
    long_names = [c for c in TINY if f'_1xb8-{max_iters}_' in c]
    assert len(long_names) == 3
    for name in long_names:
        short = Config.fromfile(
            osp.join(CONFIG_DIR, name.replace(f'-{max_iters}_', '-600_')))
        long = Config.fromfile(osp.join(CONFIG_DIR, name))
        schedule_stretched(
            short, long, max_iters, milestones=LONG_SCHEDULES[max_iters])


@pytest.mark.parametrize('name', TINY)
def test_tiny_models_build(name):
    _build_and_check(name)


@pytest.mark.slow
def test_ssd300_models_build():
    """Each distinct SSD300 model config builds (VGG-16 construction);
    configs that differ in the normalisation or the number of classes only
    are built once."""
    seen = set()
    for name in sorted(set(CONFIGS) - set(TINY)):
        model = Config.fromfile(osp.join(CONFIG_DIR, name)).model.to_dict()
        model.pop('data_preprocessor')
        model['bbox_head'].pop('num_classes')
        key = json.dumps(model, sort_keys=True)
        if key not in seen:
            seen.add(key)
            _build_and_check(name)
    assert len(seen) == 12
