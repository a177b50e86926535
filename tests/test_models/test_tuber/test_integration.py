"""TubeR on the smallest continuity benchmark: ACTTubeletDataset →
PackTubeletInputs → TubeR (train_step, val_step) → TubeletVideoMAP."""
import os.path as osp

import pytest
import torch
from mmaction.registry import DATASETS, METRICS, MODELS
from mmengine.dataset import pseudo_collate
from mmengine.optim import OptimWrapper
from mmengine.registry import DefaultScope
from tuber_fakes import tiny_cfg

from mmcontinuity.datasets.bench import generate


@pytest.fixture(scope='module')
def bench(tmp_path_factory):
    out = str(tmp_path_factory.mktemp('bench'))
    generate(out, splits=('tubelets', ), scale=0.02, progress=False)
    return osp.join(out, 'tubelets')


def _dataset(root, test_mode):
    pipeline = [
        dict(type='LoadFrames'),
        dict(type='Resize', scale=(64, 64), keep_ratio=False),
        dict(type='PackTubeletInputs')
    ]
    return DATASETS.build(
        dict(type='ACTTubeletDataset',
             ann_file=osp.join(root, 'ContinuityBench-GT.pkl'),
             pipeline=pipeline, clip_len=8, clip_stride=8,
             data_prefix=dict(img=osp.join(root, 'rawframes')),
             test_mode=test_mode))


def test_train_and_evaluate_on_benchmark(bench):
    with DefaultScope.overwrite_default_scope('mmaction'):
        train, test = _dataset(bench, False), _dataset(bench, True)
        cfg = tiny_cfg(num_frames=8)
        cfg['cls_head']['num_classes'] = 6
        model = MODELS.build(cfg)
        optim = OptimWrapper(torch.optim.AdamW(model.parameters(), lr=1e-3))
        for start in (0, 2):
            batch = pseudo_collate([train[i] for i in (start, start + 1)])
            losses = model.train_step(batch, optim)
            assert torch.isfinite(losses['loss'])

        metric = METRICS.build(
            dict(type='TubeletVideoMAP',
                 ann_file=osp.join(bench, 'ContinuityBench-GT.pkl'),
                 iou_thrs=(0.5, )))
        metric.dataset_meta = test.metainfo
        model.eval()
        for i in range(len(test)):
            batch = pseudo_collate([test[i]])
            outputs = model.val_step(batch)
            pred = outputs[0].pred_instances
            assert pred.bboxes.shape == (5, 8, 4)
            # boxes in the original 112 x 112 frame
            assert pred.bboxes.max() <= 111
            metric.process(batch, [o.to_dict() for o in outputs])
        results = metric.evaluate(len(test))
    assert results and all(0 <= v <= 100 for v in results.values())
