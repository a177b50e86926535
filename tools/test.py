"""Test (and evaluate) a checkpoint with a config of any OpenMMLab library.

Same arguments and behaviour as mmaction2's ``tools/test.py``, except that
the checkpoint may be left out (a model whose config names its weights); the
registry scope comes from the config's ``default_scope``.
"""
import argparse
import os
import os.path as osp

from mmengine.config import Config, ConfigDict, DictAction

import mmcontinuity  # noqa: F401  (compatibility layer + registration)
from mmcontinuity.utils import (build_runner, set_work_dir,
                                teardown_distributed)


def parse_args():
    parser = argparse.ArgumentParser(description='Test (and eval) a model')
    parser.add_argument('config', help='test config file path')
    parser.add_argument(
        'checkpoint',
        nargs='?',
        help='checkpoint file; none for a model that loads its weights '
        'from its config (the streams of TubeRLateFusion)')
    parser.add_argument(
        '--work-dir', help='the dir to save the file with evaluation metrics')
    parser.add_argument(
        '--dump',
        type=str,
        help='dump predictions to a pickle file for offline evaluation')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override settings of the config, as key=value pairs')
    parser.add_argument(
        '--tta',
        action='store_true',
        help='test-time augmentation: the config\'s `tta_model` wraps its '
        'model and `tta_pipeline` replaces the test pipeline')
    parser.add_argument(
        '--show-dir', help='directory where visualisations are saved')
    parser.add_argument(
        '--show', action='store_true', help='show results in a window')
    parser.add_argument(
        '--interval', type=int, default=1, help='visualise every n samples')
    parser.add_argument(
        '--wait-time', type=float, default=2, help='window display time (s)')
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


def enable_visualization(cfg, args):
    """Switch on the config's visualization hook, whichever library it is.

    mmdet's and mmseg's hooks take ``draw`` (mmdet writes to
    ``test_out_dir``, mmseg to the visualizer's ``save_dir``); mmaction2's
    and mmpretrain's take ``enable`` and ``out_dir``.
    """
    vis = cfg.get('default_hooks', {}).get('visualization')
    if vis is None:
        raise ValueError('--show/--show-dir need a visualization hook in '
                         '`default_hooks` of the config')
    vis.update(show=args.show, wait_time=args.wait_time,
               interval=args.interval)
    if vis.type in ('DetVisualizationHook', 'SegVisualizationHook'):
        vis.draw = True
        if args.show_dir is not None:
            if vis.type == 'DetVisualizationHook':
                vis.test_out_dir = osp.abspath(args.show_dir)
            else:
                cfg.visualizer.save_dir = args.show_dir
    else:
        vis.enable = True
        vis.out_dir = args.show_dir


def merge_args(cfg, args):
    """Merge the command-line arguments into the config."""
    if args.show or args.show_dir is not None:
        enable_visualization(cfg, args)

    if args.dump is not None:
        if not args.dump.endswith(('.pkl', '.pickle')):
            raise ValueError(f'--dump must be a .pkl file, got {args.dump}')
        dump_metric = dict(type='DumpResults', out_file_path=args.dump)
        if isinstance(cfg.test_evaluator, (list, tuple)):
            cfg.test_evaluator = [*cfg.test_evaluator, dump_metric]
        else:
            cfg.test_evaluator = [cfg.test_evaluator, dump_metric]

    cfg.launcher = args.launcher
    if args.cfg_options is not None:
        cfg.merge_from_dict(args.cfg_options)

    if args.tta:
        missing = [k for k in ('tta_model', 'tta_pipeline') if k not in cfg]
        if missing:
            raise ValueError(f'--tta: {args.config} has no {missing}')
        cfg.model = ConfigDict(**cfg.tta_model, module=cfg.model)
        cfg.test_dataloader.dataset.pipeline = cfg.tta_pipeline

    set_work_dir(cfg, args.work_dir, args.config)
    cfg.load_from = args.checkpoint
    return cfg


def main():
    args = parse_args()
    cfg = merge_args(Config.fromfile(args.config), args)
    build_runner(cfg, args.launcher).test()
    teardown_distributed()


if __name__ == '__main__':
    main()
