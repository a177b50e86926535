"""Where and which: a segmentor's mask and digit identity on the benchmark.

mIoU over the `segmentation` split's 11 classes (background and the digits
0-9) mixes two things a SegNet learns at very different speeds: *where*
the digits are (the foreground mask, which the up-pooling's recorded
switches or sub-bands carry) and *which* digit each is (the identity,
which has to pass the bottleneck). For a segmentor CONFIG and checkpoint
this prints, from one confusion matrix over the images at their full
resolution (the predictions ``model.test_step`` returns, as mmseg's
``IoUMetric`` scores them):

* ``mIoU``: mean IoU over the classes (``IoUMetric``'s number);
* ``bg_IoU``: IoU of the background class;
* ``fg_IoU``: IoU of the foreground, all digit classes merged;
* ``digit_acc``: digit accuracy on the found foreground, the share of the
  pixels that are a digit and predicted as some digit which get the right
  one (chance 1 / 10 for ten digits).

All numbers are percentages. Class 0 is the background.

Example::

    python tools/analysis/seg_digit_metrics.py CONFIG CKPT
    # the first 300 training images, through the test pipeline
    python tools/analysis/seg_digit_metrics.py CONFIG CKPT --split train \\
        --max-images 300 --out train.json
"""
import argparse
import copy
import json

import numpy as np
import torch
from mmengine.config import Config, DictAction
from mmengine.registry import DATASETS, MODELS, init_default_scope
from mmengine.runner import Runner, load_checkpoint
from tqdm import tqdm

import mmcontinuity  # noqa: F401  (registration first)
from mmcontinuity.evaluation import functional


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config', help='segmentor config')
    parser.add_argument('checkpoint', help='checkpoint of the segmentor')
    parser.add_argument(
        '--split', choices=('val', 'train'), default='val',
        help="the data set of the config's val or train dataloader, "
        'both through the val pipeline (default: %(default)s)')
    parser.add_argument('--max-images', type=int,
                        help='score only the first N images')
    parser.add_argument('--out', help='write the metrics to this JSON file')
    parser.add_argument(
        '--cfg-options', nargs='+', action=DictAction,
        help='override settings of the config')
    return parser.parse_args()


def confusion_matrix(gt: np.ndarray, pred: np.ndarray,
                     num_classes: int) -> np.ndarray:
    """``(num_classes, num_classes)`` pixel counts, rows the ground truth,
    columns the prediction: the package's
    :func:`~mmcontinuity.evaluation.functional.confusion_matrix` (pixels
    whose ground truth is mmseg's ignore index 255 left out, any other
    label outside ``[0, num_classes)`` an error) for maps of one shape."""
    if gt.shape != pred.shape:
        raise ValueError(f'ground truth of shape {gt.shape} and prediction '
                         f'of shape {pred.shape} differ')
    return functional.confusion_matrix(pred, gt, num_classes)


def digit_metrics(confusion: np.ndarray) -> dict:
    """mIoU, background IoU, merged-foreground IoU and the digit accuracy on
    the found foreground of a confusion matrix whose class 0 is the
    background (percentages). As mmseg's ``IoUMetric``, classes absent
    from both ground truth and prediction are left out of the mean (NaN);
    a NaN digit accuracy means no foreground pixel was found."""
    confusion = np.asarray(confusion, dtype=np.float64)
    hits = np.diag(confusion)
    union = confusion.sum(0) + confusion.sum(1) - hits
    with np.errstate(invalid='ignore', divide='ignore'):
        iou = hits / union
        fg_hits = confusion[1:, 1:].sum()
        fg_union = confusion.sum() - confusion[0, 0]
        return dict(
            mIoU=100 * np.nanmean(iou),
            bg_IoU=100 * iou[0],
            fg_IoU=100 * fg_hits / fg_union,
            digit_acc=100 * hits[1:].sum() / fg_hits)


def build_loader(cfg: Config, split: str, max_images=None):
    """The ``split`` dataloader's data set through the val pipeline, one
    batch of the val dataloader's size at a time, in order."""
    dataset = copy.deepcopy(cfg[f'{split}_dataloader'].dataset)
    dataset.pipeline = copy.deepcopy(cfg.val_dataloader.dataset.pipeline)
    if max_images:
        dataset.indices = max_images
    return Runner.build_dataloader(
        dict(cfg.val_dataloader, dataset=DATASETS.build(dataset),
             sampler=dict(type='DefaultSampler', shuffle=False)))


def main():
    args = parse_args()
    cfg = Config.fromfile(args.config)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    init_default_scope(cfg.get('default_scope', 'mmseg'))
    model = MODELS.build(cfg.model)
    load_checkpoint(model, args.checkpoint, map_location='cpu')
    model.eval()
    loader = build_loader(cfg, args.split, args.max_images)
    num_classes = len(loader.dataset.metainfo['classes'])
    confusion = np.zeros((num_classes, num_classes), np.int64)
    for batch in tqdm(loader, unit='batch'):
        with torch.no_grad():
            for sample in model.test_step(batch):
                confusion += confusion_matrix(
                    sample.gt_sem_seg.data.squeeze(0).numpy(),
                    sample.pred_sem_seg.data.squeeze(0).numpy(),
                    num_classes)
    metrics = dict(
        digit_metrics(confusion), images=len(loader.dataset),
        split=args.split)
    print(' '.join(f'{k} {v:.2f}' if isinstance(v, float) else f'{k} {v}'
                   for k, v in metrics.items()))
    if args.out:
        with open(args.out, 'w') as f:
            json.dump(dict(metrics, confusion=confusion.tolist()), f,
                      indent=1)


if __name__ == '__main__':
    main()
