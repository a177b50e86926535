"""Every TubeR config's data sets build on small files in the real formats
(ACT pickle + frames + flow for UCF101-24 / J-HMDB / the benchmark, AVA csv +
frames for AVA, feature banks for the long-term context configs), and its
`val_evaluator` and `test_evaluator`, left as the config sets them (split,
linking, classes) except for the annotation paths, compute their metrics on
the test set's predictions shaped as TubeR emits them (`tubelets` output:
`bboxes` (N, T_out, 4) in the original frame, `switch_scores`, `scores`
(N, C), `frame_inds`; `keyframe` output and the two-stage baseline:
normalised key-frame `bboxes` (N, 4), `scores` (N, 81)). The predictions
are the ground truth of each clip, so every metric is 100 (frame-mAP less
without the switch). On the UCF101-24 configs this failed with split=0."""
import glob
import os
import os.path as osp
import pickle

import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.evaluator import Evaluator
from mmengine.registry import DATASETS, DefaultScope
from mmengine.structures import InstanceData

import mmcontinuity  # noqa: F401
from mmcontinuity.datasets.transforms.feature_bank import bank_paths

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CONFIG_DIR = osp.join(REPO, 'configs', 'tuber')
CONFIGS = sorted(  # the recognizer pretraining: its own test module
    osp.relpath(p, CONFIG_DIR)
    for p in glob.glob(osp.join(CONFIG_DIR, '**', '*.py'), recursive=True)
    if '/_base_/' not in p and '/pretraining/' not in p)
AVA = [c for c in CONFIGS if '_ava2' in c]
ACT = [c for c in CONFIGS if c not in AVA]
H, W = 32, 48
# ACT videos: (frames, [(class, first frame, last frame, box)])
ACT_VIDEOS = {
    'v1': (40, [(0, 3, 30, (2, 4, 12, 20)), (1, 10, 40, (20, 2, 40, 30))]),
    'v2': (34, [(2, 1, 34, (10, 10, 20, 20))]),
}
# AVA: one video at 4 fps, entity -> {timestamp: box}, label ids 1..80
AVA_FPS, AVA_SECONDS = 4, 5
AVA_TRACKS = {0: ({1: (0.1, 0.1, 0.3, 0.5), 2: (0.2, 0.1, 0.4, 0.5),
                   3: (0.3, 0.1, 0.5, 0.5)}, (12, 80)),
              1: ({2: (0.6, 0.2, 0.9, 0.9), 3: (0.6, 0.3, 0.9, 1.0)}, (1, ))}


def _write_frames(folder, num):
    import cv2
    os.makedirs(folder, exist_ok=True)
    for t in range(1, num + 1):
        cv2.imwrite(osp.join(folder, f'img_{t:05d}.jpg'),
                    np.full((H, W, 3), 8 * t % 256, np.uint8))


def _write_bank(bank_dir, video, positions, channels):
    os.makedirs(bank_dir, exist_ok=True)
    feats_path, pos_path = bank_paths(bank_dir, video)
    np.save(feats_path,
            np.zeros((len(positions), 1, 1, 1, channels), np.float16))
    np.save(pos_path, np.asarray(positions, np.float64))


@pytest.fixture(scope='module')
def act_data(tmp_path_factory):
    """Frames, flow and feature banks of two videos; one GT pickle per class
    count (24: UCF101-24, 21: J-HMDB, 6: the benchmark), 3 splits."""
    from mmcontinuity.datasets.flow_io import write_flow_frame
    root = str(tmp_path_factory.mktemp('act'))
    tubes = {}
    for video, (num, actors) in ACT_VIDEOS.items():
        _write_frames(osp.join(root, 'rawframes', video), num)
        os.makedirs(osp.join(root, 'flow', video))
        for t in range(1, num + 1):
            write_flow_frame(osp.join(root, 'flow', video), t,
                             np.ones((H, W, 2), np.float32))
        tubes[video] = {}
        for label, first, last, box in actors:
            frames = np.arange(first, last + 1, dtype=np.float32)
            tubes[video][label] = [np.column_stack(
                [frames, np.tile(np.float32(box), (len(frames), 1))])]
        _write_bank(osp.join(root, 'bank'), video, range(4, num, 8), 64)
    for num_classes in (24, 21, 6):
        gt = dict(
            labels=[f'class{i}' for i in range(num_classes)],
            nframes={v: n for v, (n, _) in ACT_VIDEOS.items()},
            resolution={v: (H, W) for v in ACT_VIDEOS},
            gttubes=tubes,
            train_videos=[['v1', 'v2'], ['v1'], ['v2']],
            test_videos=[['v1', 'v2'], ['v2'], ['v1']])
        with open(osp.join(root, f'GT-{num_classes}.pkl'), 'wb') as f:
            pickle.dump(gt, f)
    return root


@pytest.fixture(scope='module')
def ava_data(tmp_path_factory):
    """Raw frames, csv annotations, label map, excluded timestamps and a
    feature bank of one AVA-format video."""
    root = str(tmp_path_factory.mktemp('ava'))
    _write_frames(osp.join(root, 'rawframes', 'movie'),
                  AVA_SECONDS * AVA_FPS)
    rows = [f'movie,{ts:04d},{",".join(map(str, box))},{label},{entity}'
            for entity, (boxes, labels) in AVA_TRACKS.items()
            for ts, box in boxes.items() for label in labels]
    with open(osp.join(root, 'ann.csv'), 'w') as f:
        f.write('\n'.join(rows) + '\n')
    with open(osp.join(root, 'labels.pbtxt'), 'w') as f:
        for i in range(1, 81):
            f.write(f'label {{\n  name: "action{i}"\n  label_id: {i}\n}}\n')
    with open(osp.join(root, 'excluded.csv'), 'w') as f:
        f.write('movie,0004\n')
    _write_bank(osp.join(root, 'bank'), 'movie', range(1, AVA_SECONDS), 2048)
    return root


def _act_overrides(cfg, root, loader):
    num_classes = _tuber(cfg).cls_head.num_classes
    prefix = dict(img=osp.join(root, 'rawframes'))
    if 'flow' in loader.dataset.data_prefix:
        prefix['flow'] = osp.join(root, 'flow')
    return dict(ann_file=osp.join(root, f'GT-{num_classes}.pkl'),
                data_prefix=prefix, filename_tmpl='img_{:05d}.jpg')


def _ava_overrides(cfg, root, loader):
    return dict(
        ann_file=osp.join(root, 'ann.csv'),
        exclude_file=osp.join(root, 'excluded.csv'),
        label_file=osp.join(root, 'labels.pbtxt'),
        data_prefix=dict(img=osp.join(root, 'rawframes')), fps=AVA_FPS,
        timestamp_start=0, timestamp_end=AVA_SECONDS)


def _datasets(cfg, overrides, root):
    """Train, val and test data sets of ``cfg`` on the files under
    ``root``; feature banks from ``root``/bank."""
    datasets = []
    for name in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        loader = cfg.get(name)
        if loader is None:  # inference-only configs
            continue
        pipeline = [
            dict(t, bank_dir=osp.join(root, 'bank'))
            if t.type == 'LoadFeatureBank' else t
            for t in loader.dataset.pipeline
        ]
        datasets.append(DATASETS.build(
            dict(loader.dataset, **overrides(cfg, root, loader),
                 pipeline=pipeline, serialize_data=False)))
    return datasets


def _tubelets(sample, num_queries, num_classes):
    """What TubeR's `tubelets` output gives for a model that finds the clip's
    ground truth: boxes in the original frame (the test pipeline only
    resizes), switch on where the action is, one-hot class scores."""
    gt = sample.gt_instances
    k, t = gt.bboxes.shape[:2]
    sw, sh = sample.metainfo['scale_factor'][:2]
    bboxes = torch.zeros(num_queries, t, 4)
    bboxes[:k] = gt.bboxes / torch.tensor([sw, sh, sw, sh])
    switch = torch.zeros(num_queries, t)
    switch[:k] = gt.action_on.float()
    scores = torch.zeros(num_queries, num_classes)
    scores[torch.arange(k), gt.labels] = 1
    pred = InstanceData(bboxes=bboxes, switch_scores=switch,
                        action_on=switch >= 0.5, scores=scores)
    pred.set_metainfo(dict(frame_inds=sample.metainfo['frame_inds']))
    return pred


def _keyframe(sample, num_queries, num_classes):
    """TubeR's `keyframe` output (and the two-stage baseline's): normalised
    key-frame boxes and the multi-hot labels as scores."""
    gt = sample.gt_instances
    key = sample.metainfo['key_frame_index']
    h, w = sample.metainfo['img_shape']
    k = len(gt.bboxes)
    bboxes = torch.zeros(num_queries, 4)
    bboxes[:k] = gt.bboxes[:, key] / torch.tensor([w, h, w, h])
    scores = torch.zeros(num_queries, num_classes)
    scores[:k] = gt.labels.float()
    return InstanceData(bboxes=bboxes, scores=scores)


def _tuber(cfg):
    """The TubeR model config of ``cfg``: its model, or the RGB stream's
    of a late fusion (which emits the RGB stream's N tubelets)."""
    if cfg.model.type == 'TubeRLateFusion':
        return Config.fromfile(cfg.model.rgb).model
    return cfg.model


def _num_queries(model):
    """N of TubeR (the two-stage baseline keeps 5 boxes in its timing
    variant; any N works for it)."""
    return model.get('queries', model).get('num_queries', 5)


# the AVA configs' evaluators take 6-7 s each on a loaded 2-core machine:
# the first stays in `make test-fast`, the others are marked slow
@pytest.mark.parametrize(
    'name',
    ACT + AVA[:1] + [pytest.param(c, marks=pytest.mark.slow) for c in AVA[1:]])
def test_evaluators_compute_metrics(name, act_data, ava_data, tmp_path,
                                   monkeypatch):
    cfg = Config.fromfile(osp.join(CONFIG_DIR, name))
    ava = name in AVA
    root = ava_data if ava else act_data
    overrides = _ava_overrides if ava else _act_overrides
    monkeypatch.chdir(tmp_path)  # AVAMetric writes its csv in the cwd
    with DefaultScope.overwrite_default_scope(cfg.default_scope):
        datasets = _datasets(cfg, overrides, root)
        for dataset in datasets:
            assert len(dataset) > 0
            # the pipeline runs on the real-format files
            inputs = dataset[0]['inputs']
            if not ava:  # as many channels as the model takes
                assert inputs.size(0) == (
                    5 if cfg.model.type == 'TubeRLateFusion' else len(
                        cfg.model.data_preprocessor.mean))
        test_set = datasets[-1]
        samples = [test_set[i]['data_samples'] for i in range(len(test_set))]
        if ava:
            num_classes = cfg.test_evaluator.num_classes
            emit = _keyframe
        else:
            num_classes = _tuber(cfg).cls_head.num_classes
            emit = _tubelets
            # dense tubelets: one output frame per input frame
            assert samples[0].gt_instances.bboxes.shape[1] == \
                _tuber(cfg).get('queries', cfg.model).num_frames
        for sample in samples:
            sample.pred_instances = emit(sample, _num_queries(_tuber(cfg)),
                                         num_classes)
        for key in ('val_evaluator', 'test_evaluator'):
            evaluator_cfg = dict(cfg[key],
                                 **overrides(cfg, root, cfg.test_dataloader))
            for k in ('data_prefix', 'filename_tmpl', 'fps',
                      'timestamp_start', 'timestamp_end'):
                evaluator_cfg.pop(k, None)
            evaluator = Evaluator(evaluator_cfg)
            evaluator.process(samples)
            metrics = evaluator.evaluate(len(samples))
            if ava:
                assert metrics['mAP/overall'] == pytest.approx(1.0), metrics
            else:
                assert metrics['tubelet/v-mAP@0.5'] == pytest.approx(100), \
                    metrics
                frame_map = metrics['tubelet/f-mAP@0.5']
                if cfg[key].get('link_cfg', {}).get('switch_thr') == 0:
                    # no switch: the tubes keep the frames of the clips
                    # outside the action, false positives of frame-mAP
                    assert 0 < frame_map < 100, metrics
                else:
                    assert frame_map == pytest.approx(100), metrics
