"""Train a model from a config of any of the four OpenMMLab libraries.

Same arguments and behaviour as mmaction2's ``tools/train.py``; the registry
scope comes from the config's ``default_scope`` (mmaction, mmseg, mmpretrain
or mmdet). Importing :mod:`mmcontinuity` first applies its compatibility layer
and registers its modules.
"""
import argparse
import os

from mmengine.config import Config, DictAction

import mmcontinuity  # noqa: F401  (compatibility layer + registration)
from mmcontinuity.engine import find_resumable_checkpoint
from mmcontinuity.utils import (build_runner, set_work_dir,
                                teardown_distributed)


def parse_args():
    parser = argparse.ArgumentParser(description='Train a model')
    parser.add_argument('config', help='train config file path')
    parser.add_argument('--work-dir', help='the dir to save logs and models')
    parser.add_argument(
        '--resume',
        nargs='?',
        type=str,
        const='auto',
        help='resume from the given checkpoint, or, without a path, from the '
        'latest checkpoint in the work directory')
    parser.add_argument(
        '--amp',
        action='store_true',
        help='enable automatic-mixed-precision training')
    parser.add_argument(
        '--no-validate',
        action='store_true',
        help='do not evaluate checkpoints during training')
    parser.add_argument(
        '--auto-scale-lr',
        action='store_true',
        help='scale the learning rate by the actual over the base batch size')
    parser.add_argument('--seed', type=int, default=None, help='random seed')
    parser.add_argument(
        '--diff-rank-seed',
        action='store_true',
        help='use a different seed on every rank')
    parser.add_argument(
        '--deterministic',
        action='store_true',
        help='use deterministic algorithms (CUDNN)')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override settings of the config, as key=value pairs; a list is '
        'given as key="[a,b]" or key=a,b (no white space)')
    parser.add_argument(
        '--launcher',
        choices=['none', 'pytorch', 'slurm', 'mpi'],
        default='none',
        help='job launcher')
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)
    args = parser.parse_args()
    if 'LOCAL_RANK' not in os.environ:
        os.environ['LOCAL_RANK'] = str(args.local_rank)
    return args


def merge_args(cfg, args):
    """Merge the command-line arguments into the config."""
    if args.no_validate:
        cfg.val_cfg = None
        cfg.val_dataloader = None
        cfg.val_evaluator = None

    cfg.launcher = args.launcher

    set_work_dir(cfg, args.work_dir, args.config)

    if args.amp:
        optim_wrapper = cfg.optim_wrapper.get('type', 'OptimWrapper')
        if optim_wrapper not in ('OptimWrapper', 'AmpOptimWrapper'):
            raise ValueError('--amp does not support the custom optimizer '
                             f'wrapper {optim_wrapper}')
        cfg.optim_wrapper.type = 'AmpOptimWrapper'
        cfg.optim_wrapper.setdefault('loss_scale', 'dynamic')

    if args.resume == 'auto':
        cfg.load_from = find_resumable_checkpoint(cfg.work_dir)
        cfg.resume = cfg.load_from is not None
    elif args.resume is not None:
        cfg.resume = True
        cfg.load_from = args.resume

    if args.auto_scale_lr:
        if 'auto_scale_lr' not in cfg:
            raise ValueError('--auto-scale-lr needs `auto_scale_lr` '
                             '(enable, base_batch_size) in the config')
        cfg.auto_scale_lr.enable = True

    if cfg.get('randomness', None) is None:
        cfg.randomness = dict(
            seed=args.seed,
            diff_rank_seed=args.diff_rank_seed,
            deterministic=args.deterministic)
    elif args.seed is not None:
        cfg.randomness.seed = args.seed

    if args.cfg_options is not None:
        cfg.merge_from_dict(args.cfg_options)
    return cfg


def add_reliability(cfg):
    """Exact resume, a stop at the first non-finite loss and a count of
    skipped bad samples, for a config of any library (README, "Resuming,
    several processes, bad data").

    Adds the custom hooks ``RandomStateHook`` (random states in
    checkpoints), ``NonFiniteLossHook`` and ``SkippedSamplesHook`` (the
    number of samples that datasets with ``skip_bad_samples=True``
    skipped, per epoch) unless the config has them, and
    seeds every training sample's pipeline from (seed, epoch, index)
    (``SampleSeededSampler`` and ``SampleSeededDataset``) unless the config
    sets ``sample_seeding = False``.
    """
    hooks = list(cfg.get('custom_hooks', []))
    present = {hook['type'] for hook in hooks}
    hooks += [dict(type=name)
              for name in ('RandomStateHook', 'NonFiniteLossHook',
                           'SkippedSamplesHook')
              if name not in present]
    cfg.custom_hooks = hooks
    loader = cfg.get('train_dataloader')
    if loader is not None and cfg.get('sample_seeding', True):
        loader.sampler = dict(type='SampleSeededSampler',
                              sampler=loader.sampler)
        loader.dataset = dict(type='SampleSeededDataset',
                              dataset=loader.dataset)
    return cfg


def main():
    args = parse_args()
    cfg = add_reliability(merge_args(Config.fromfile(args.config), args))
    build_runner(cfg, args.launcher).train()
    teardown_distributed()


if __name__ == '__main__':
    main()
