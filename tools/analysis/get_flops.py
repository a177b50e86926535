"""Print the FLOPs and parameters of a config's model for an input shape.

The model is called in ``tensor`` mode on a random input of
``(1, *shape)``::

    python tools/analysis/get_flops.py configs/tuber/<cfg>.py \
        --shape 1 3 32 256 256

FLOPs are counted by MMEngine's analysis tools (fvcore-style: one
multiply-add counts as one FLOP).
"""
import argparse

import torch
from mmengine.analysis import get_model_complexity_info
from mmengine.config import Config, DictAction
from mmengine.registry import MODELS, init_default_scope

import mmcontinuity  # noqa: F401  (compatibility layer + registration)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config', help='config file')
    parser.add_argument(
        '--shape',
        type=int,
        nargs='+',
        required=True,
        help='input shape without the batch dimension, e.g. '
        '"1 3 32 256 256" for an mmaction2 recognizer (clips, C, T, H, W) or '
        '"3 224 224" for an image model')
    parser.add_argument(
        '--show-table', action='store_true', help='print per-module table')
    parser.add_argument(
        '--cfg-options', nargs='+', action=DictAction, help='config overrides')
    return parser.parse_args()


def main():
    args = parse_args()
    cfg = Config.fromfile(args.config)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    init_default_scope(cfg.get('default_scope', 'mmengine'))
    model = MODELS.build(cfg.model)
    model.eval()
    inputs = torch.randn(1, *args.shape)
    with torch.no_grad():
        info = get_model_complexity_info(
            model, inputs=(inputs, ), show_table=args.show_table)
    if args.show_table:
        print(info['out_table'])
    print(f'config: {args.config}\ninput shape: {tuple(inputs.shape)}\n'
          f'FLOPs: {info["flops_str"]} ({info["flops"] / 1e9:.2f} G)\n'
          f'params: {info["params_str"]} ({info["params"] / 1e6:.2f} M)')


if __name__ == '__main__':
    main()
