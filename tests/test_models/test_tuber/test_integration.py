"""TubeR on the smallest continuity benchmark: ACTTubeletDataset →
PackTubeletInputs → TubeR (train_step, val_step) → TubeletVideoMAP, and the
AVA format through AVATubeletDataset → TubeR key-frame output → mmaction2's
AVAMetric."""
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
    generate(out, splits=('tubelets', 'ava'), scale=0.02, progress=False)
    return out


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
    bench = osp.join(bench, 'tubelets')
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
            with torch.no_grad():  # as mmengine's ValLoop
                outputs = model.val_step(batch)
            pred = outputs[0].pred_instances
            assert pred.bboxes.shape == (5, 8, 4)
            # boxes in the original 112 x 112 frame
            assert pred.bboxes.max() <= 111
            metric.process(batch, [o.to_dict() for o in outputs])
        results = metric.evaluate(len(test))
    assert results and all(0 <= v <= 100 for v in results.values())


def _ava_dataset(root, subset):
    ann = osp.join(root, 'annotations')
    pipeline = [
        dict(type='SampleAVAFrames', clip_len=8, frame_interval=1,
             test_mode=subset == 'val'),
        dict(type='AVATubeletBoxes'),
        dict(type='RawFrameDecode'),
        dict(type='Resize', scale=(64, 64), keep_ratio=False),
        dict(type='PackTubeletInputs',
             meta_keys=('video_id', 'timestamp', 'img_key', 'img_shape',
                        'original_shape', 'scale_factor',
                        'key_frame_index'))
    ]
    return DATASETS.build(
        dict(type='AVATubeletDataset',
             ann_file=osp.join(ann, f'ava_{subset}_v2.2.csv'),
             exclude_file=osp.join(
                 ann, f'ava_{subset}_excluded_timestamps_v2.2.csv'),
             label_file=osp.join(ann, 'ava_action_list_v2.2.pbtxt'),
             pipeline=pipeline, num_classes=8, fps=8, timestamp_start=0,
             timestamp_end=12, test_mode=subset == 'val',
             data_prefix=dict(img=osp.join(root, 'rawframes'))))


def test_ava_keyframe_output_feeds_ava_metric(bench):
    root = osp.join(bench, 'ava')
    with DefaultScope.overwrite_default_scope('mmaction'):
        train, val = _ava_dataset(root, 'train'), _ava_dataset(root, 'val')
        cfg = tiny_cfg(num_frames=8, test_cfg=dict(output='keyframe'))
        cfg['cls_head'].update(num_classes=8, multi_label=True)
        model = MODELS.build(cfg)
        optim = OptimWrapper(torch.optim.AdamW(model.parameters(), lr=1e-3))
        batch = pseudo_collate([train[i] for i in range(min(2, len(train)))])
        assert torch.isfinite(model.train_step(batch, optim)['loss'])

        ann = osp.join(root, 'annotations')
        metric = METRICS.build(
            dict(type='AVAMetric',
                 ann_file=osp.join(ann, 'ava_val_v2.2.csv'),
                 exclude_file=osp.join(
                     ann, 'ava_val_excluded_timestamps_v2.2.csv'),
                 label_file=osp.join(ann, 'ava_action_list_v2.2.pbtxt'),
                 num_classes=8))
        model.eval()
        for i in range(len(val)):
            batch = pseudo_collate([val[i]])
            with torch.no_grad():  # as mmengine's ValLoop
                outputs = model.val_step(batch)
            pred = outputs[0].pred_instances
            assert pred.bboxes.shape == (5, 4) and pred.scores.shape == (5, 8)
            metric.process(batch, [o.to_dict() for o in outputs])
        results = metric.evaluate(len(val))
    assert 0 <= results['mAP/overall'] <= 1
