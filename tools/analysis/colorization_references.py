"""Reference rows of a colorization table (Table 2.3) for a config.

Evaluates the config's ``test_evaluator`` (``ColorizationMetric``) on its
test set for colorizations that no model made: ``gray`` (ab = 0, the gray
input itself), ``ground_truth`` (the true ab: the "Ground-truth (color)"
row of Table 2.3, whose PSNR is infinite and RMSE 0) and ``train_mean``
(every pixel the mean ab of the training set). With a ``seg_model`` in the
metric, the mIoU of the segmentation model on these images is printed too.

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

REFERENCES = ('gray', 'ground_truth', 'train_mean')


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config', help='colorization config')
    parser.add_argument('--references', nargs='+', default=list(REFERENCES),
                        choices=REFERENCES)
    parser.add_argument('--cfg-options', nargs='+', action=DictAction,
                        help='override config settings (key=value)')
    return parser.parse_args()


def mean_train_ab(cfg):
    """Mean (a, b) over all target pixels of the training set (one pass,
    in order)."""
    loader = dict(cfg.train_dataloader,
                  sampler=dict(type='DefaultSampler', shuffle=False))
    total, count = torch.zeros(2, dtype=torch.float64), 0
    for batch in Runner.build_dataloader(loader):
        for sample in batch['data_samples']:
            ab = sample.gt_ab.data.double()
            total += ab.sum((1, 2))
            count += ab[0].numel()
    return (total / count).float()


def evaluate(cfg, reference, train_ab=None):
    """Metrics of ``reference`` colorizations on the test set."""
    metric = METRICS.build(cfg.test_evaluator)
    loader = Runner.build_dataloader(cfg.test_dataloader)
    for batch in loader:
        for sample in batch['data_samples']:
            gt = sample.gt_ab.data
            pred = dict(gray=lambda: torch.zeros_like(gt),
                        ground_truth=lambda: gt.clone(),
                        train_mean=lambda: train_ab[:, None, None].expand_as(
                            gt).clone())[reference]()
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
    train_ab = (mean_train_ab(cfg) if 'train_mean' in args.references else
                None)
    for reference in args.references:
        results = evaluate(cfg, reference, train_ab)
        print(f'{reference}: ' + '  '.join(
            f'{key}: {value:.4f}' for key, value in results.items()))


if __name__ == '__main__':
    main()
