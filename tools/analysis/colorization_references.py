"""Reference rows of a colorization table (Table 2.3) for a config.

Evaluates the config's ``test_evaluator`` (``ColorizationMetric``) on its
test set for colorizations that no model made: ``gray`` (ab = 0, the gray
input itself), ``ground_truth`` (the true ab: the "Ground-truth (color)"
row of Table 2.3, whose PSNR is infinite and RMSE 0) and ``train_mean``
(every pixel the mean ab of the training set) and, on request,
``class_mean`` (every pixel the mean training ab of its ground-truth class:
what a colorizer that segments perfectly and paints each class its mean
colour would give, the aim of the semantic flows). With a ``seg_model`` in
the metric, the mIoU of the segmentation model on these images is printed
too.

Example::

    python tools/analysis/colorization_references.py \\
        configs/colorization/baselines/zhang-ab-classification_r18-tiny-d8_1xb8-600it_continuity-bench-colorization-semantic.py
"""
import argparse

import torch
from mmengine.config import Config, DictAction
from mmengine.registry import METRICS, init_default_scope
from mmengine.runner import Runner
from mmengine.structures import PixelData

import mmcontinuity  # noqa: F401  (registers the metric and transforms)

REFERENCES = ('gray', 'ground_truth', 'train_mean', 'class_mean')


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config', help='colorization config')
    parser.add_argument('--references', nargs='+',
                        default=list(REFERENCES[:3]),
                        choices=REFERENCES)
    parser.add_argument('--cfg-options', nargs='+', action=DictAction,
                        help='override config settings (key=value)')
    return parser.parse_args()


def _labels(sample, num_classes):
    """``gt_sem_seg`` of a sample ``(h, w)`` at its ab size, labels outside
    ``[0, num_classes)`` (ignored) set to ``num_classes``."""
    labels = sample.gt_sem_seg.data[0].long()
    if labels.shape != sample.gt_ab.data.shape[1:]:
        raise ValueError(f'{sample.metainfo.get("img_path")}: gt_sem_seg '
                         f'{tuple(labels.shape)} and gt_ab '
                         f'{tuple(sample.gt_ab.data.shape[1:])} differ in '
                         'size (seg_size and target_size of '
                         'ColorizationTargets)')
    return labels.where((labels >= 0) & (labels < num_classes),
                        torch.as_tensor(num_classes))


def mean_train_ab(cfg, num_classes=None):
    """Mean (a, b) over all target pixels of the training set (one pass,
    in order) and, for ``num_classes``, ``(num_classes + 1, 2)`` means per
    ground-truth class, the last row (ignored pixels) and classes without
    pixels being the overall mean."""
    loader = dict(cfg.train_dataloader,
                  sampler=dict(type='DefaultSampler', shuffle=False))
    bins = (num_classes or 0) + 1
    total = torch.zeros(bins, 2, dtype=torch.float64)
    count = torch.zeros(bins, dtype=torch.float64)
    for batch in Runner.build_dataloader(loader):
        for sample in batch['data_samples']:
            ab = sample.gt_ab.data.double().flatten(1)
            labels = (_labels(sample, num_classes).flatten()
                      if num_classes else torch.zeros_like(ab[0]).long())
            total.index_add_(0, labels, ab.T)
            count += torch.bincount(labels, minlength=bins)
    overall = (total.sum(0) / count.sum()).float()
    if not num_classes:
        return overall
    means = (total / count.clamp(min=1)[:, None]).float()
    means[count == 0] = overall
    means[-1] = overall
    return overall, means


def evaluate(cfg, reference, train_ab=None, class_ab=None):
    """Metrics of ``reference`` colorizations on the test set
    (``train_ab`` ``(2,)`` and ``class_ab`` ``(num_classes + 1, 2)`` from
    :func:`mean_train_ab`)."""
    metric = METRICS.build(cfg.test_evaluator)
    loader = Runner.build_dataloader(cfg.test_dataloader)
    for batch in loader:
        for sample in batch['data_samples']:
            gt = sample.gt_ab.data
            pred = dict(gray=lambda: torch.zeros_like(gt),
                        ground_truth=lambda: gt.clone(),
                        train_mean=lambda: train_ab[:, None, None].expand_as(
                            gt).clone(),
                        class_mean=lambda: class_ab[_labels(
                            sample, len(class_ab) - 1)].permute(2, 0, 1))[
                                reference]()
            sample.pred_ab = PixelData(data=pred)
        metric.process(batch, [s.to_dict() for s in batch['data_samples']])
    return metric.evaluate(len(loader.dataset))


def main():
    args = parse_args()
    cfg = Config.fromfile(args.config)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    if cfg.test_evaluator.get('type') != 'ColorizationMetric':
        raise ValueError(f'{args.config}: test_evaluator must be a '
                         f'ColorizationMetric, got {cfg.test_evaluator}')
    init_default_scope(cfg.get('default_scope', 'mmseg'))
    train_ab = class_ab = None
    if 'class_mean' in args.references:
        train_ab, class_ab = mean_train_ab(
            cfg, cfg.test_evaluator.get('num_classes', 21))
    elif 'train_mean' in args.references:
        train_ab = mean_train_ab(cfg)
    for reference in args.references:
        results = evaluate(cfg, reference, train_ab, class_ab)
        print(f'{reference}: ' + '  '.join(
            f'{key}: {value:.4f}' for key, value in results.items()))


if __name__ == '__main__':
    main()
