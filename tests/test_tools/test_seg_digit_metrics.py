"""tools/analysis/seg_digit_metrics.py: the confusion matrix and its four
numbers by hand, mIoU equal to mmseg's IoUMetric, and the tool end to end
on the smallest benchmark with a tiny SegNet config."""
import glob
import importlib.util
import json
import os.path as osp
import sys

import numpy as np
import pytest
import torch

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
SEGNET, = glob.glob(
    osp.join(REPO, 'configs', 'liftpool',
             'segnet-vgg13-tiny-clsinit-maxunpool_*_continuity-bench-seg.py'))


@pytest.fixture(scope='module')
def tool():
    path = osp.join(REPO, 'tools', 'analysis', 'seg_digit_metrics.py')
    spec = importlib.util.spec_from_file_location('seg_digit_metrics', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_metrics_by_hand(tool):
    # 4 classes (background, 3 digits); the 255 pixel is left out
    gt = np.array([[0, 0, 1, 255], [2, 2, 0, 1]])
    pred = np.array([[0, 1, 1, 2], [3, 2, 0, 1]])
    confusion = tool.confusion_matrix(gt, pred, 4)
    np.testing.assert_array_equal(
        confusion, [[2, 1, 0, 0], [0, 2, 0, 0], [0, 0, 1, 1], [0] * 4])
    metrics = tool.digit_metrics(confusion)
    # IoU 2/3, 2/3, 1/2, 0
    assert metrics['mIoU'] == pytest.approx(100 * (2 / 3 + 2 / 3 + 1 / 2) / 4)
    assert metrics['bg_IoU'] == pytest.approx(100 * 2 / 3)
    # 4 pixels digit and predicted digit, of 5 digit or predicted digit
    assert metrics['fg_IoU'] == pytest.approx(80)
    # 3 of those 4 with the right digit
    assert metrics['digit_acc'] == pytest.approx(75)


def test_absent_class_and_no_foreground(tool):
    """A class in neither map is out of the mean; nothing predicted as a
    digit leaves the digit accuracy undefined."""
    confusion = tool.confusion_matrix(
        np.array([0, 0, 1]), np.array([0, 0, 0]), 3)
    metrics = tool.digit_metrics(confusion)
    assert metrics['mIoU'] == pytest.approx(100 * (2 / 3 + 0) / 2)
    assert metrics['fg_IoU'] == 0
    assert np.isnan(metrics['digit_acc'])
    with pytest.raises(ValueError, match=r'\(2,\).*\(3,\)'):
        tool.confusion_matrix(np.zeros(2, int), np.zeros(3, int), 3)


def test_miou_equals_mmseg(tool):
    from mmseg.evaluation import IoUMetric
    rng = np.random.default_rng(0)
    metric = IoUMetric()
    metric.dataset_meta = dict(classes=[str(i) for i in range(11)])
    confusion = 0
    for _ in range(3):
        gt = rng.integers(0, 11, (9, 13))
        gt[0, :3] = 255
        pred = rng.integers(0, 11, (9, 13))
        # class 7 nowhere: left out of both means
        gt[gt == 7], pred[pred == 7] = 0, 1
        metric.process({}, [
            dict(pred_sem_seg=dict(data=torch.from_numpy(pred)[None]),
                 gt_sem_seg=dict(data=torch.from_numpy(gt)[None]))
        ])
        confusion = confusion + tool.confusion_matrix(gt, pred, 11)
    expected = metric.compute_metrics(metric.results)['mIoU']
    # IoUMetric rounds to 2 decimals
    assert tool.digit_metrics(confusion)['mIoU'] == pytest.approx(
        expected, abs=0.006)


@pytest.mark.slow
def test_tool_on_the_benchmark(tool, tmp_path, monkeypatch, capsys):
    """An untrained tiny SegNet on the 2 val / first 2 training images: the
    printed and saved numbers are those of its confusion matrix, which
    counts every labelled pixel at full resolution."""
    from mmengine.config import Config
    from mmengine.registry import MODELS, init_default_scope

    from mmcontinuity.datasets.bench import generate
    generate(str(tmp_path / 'bench'), splits=('segmentation', ), scale=0.01,
             progress=False)
    root = str(tmp_path / 'bench' / 'segmentation') + '/'
    cfg = Config.fromfile(SEGNET)
    init_default_scope('mmseg')
    torch.manual_seed(0)
    ckpt = str(tmp_path / 'segnet.pth')
    torch.save(dict(state_dict=MODELS.build(cfg.model).state_dict()), ckpt)
    for split, images in (('val', None), ('train', 2)):
        out = tmp_path / f'{split}.json'
        argv = [SEGNET, ckpt, '--split', split, '--out', str(out),
                '--cfg-options', f'train_dataloader.dataset.data_root={root}',
                f'val_dataloader.dataset.data_root={root}']
        if images:
            argv += ['--max-images', str(images)]
        monkeypatch.setattr(sys, 'argv', ['seg_digit_metrics.py', *argv])
        tool.main()
        saved = json.loads(out.read_text())
        confusion = np.array(saved['confusion'])
        assert confusion.shape == (11, 11)
        assert confusion.sum() == 128 * 128 * saved['images']
        assert saved['images'] == (images or 2)
        expected = tool.digit_metrics(confusion)
        assert saved['mIoU'] == pytest.approx(expected['mIoU'])
        assert f"mIoU {expected['mIoU']:.2f}" in capsys.readouterr().out
