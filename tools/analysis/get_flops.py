"""Print the FLOPs and parameters of a config's model for an input shape.

The model is called in ``tensor`` mode on a random input of
``(1, *shape)``::

    python tools/analysis/get_flops.py configs/tuber/<cfg>.py \
        --shape 1 3 32 256 256

FLOPs are counted by MMEngine's ``FlopAnalyzer`` (fvcore-style: one
multiply-add counts as one FLOP). Its built-in handles do not know
``aten::scaled_dot_product_attention`` (the Q·Kᵀ and A·V products inside
``nn.MultiheadAttention``); :func:`sdpa_flop` counts them.
"""
import argparse
from math import prod

import torch
from mmengine.analysis import FlopAnalyzer, parameter_count
from mmengine.analysis.print_helper import (_format_size,
                                            complexity_stats_table)
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


def sdpa_flop(inputs, outputs):
    """Multiply-adds of ``scaled_dot_product_attention(q, k, v)``.

    q (..., L_q, d_k), k (..., L_k, d_k), v (..., L_k, d_v): Q·Kᵀ takes
    ``batch·L_q·L_k·d_k`` and A·V ``batch·L_q·L_k·d_v`` multiply-adds, batch
    being the product of the leading dimensions.
    """
    q, k, v = (i.type().sizes() for i in inputs[:3])
    batch, l_q, d_k = prod(q[:-2]), q[-2], q[-1]
    return batch * l_q * k[-2] * (d_k + v[-1])


def main():
    args = parse_args()
    cfg = Config.fromfile(args.config)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    init_default_scope(cfg.get('default_scope', 'mmengine'))
    model = MODELS.build(cfg.model)
    model.eval()
    inputs = torch.randn(1, *args.shape)
    analyzer = FlopAnalyzer(model, (inputs, )).set_op_handle(
        'aten::scaled_dot_product_attention', sdpa_flop)
    with torch.no_grad():
        flops = analyzer.total()
    params = parameter_count(model)['']
    if args.show_table:
        print(complexity_stats_table(analyzer, show_param_shapes=False))
    print(f'config: {args.config}\ninput shape: {tuple(inputs.shape)}\n'
          f'FLOPs: {_format_size(flops)} ({flops / 1e9:.2f} G)\n'
          f'params: {_format_size(params)} ({params / 1e6:.2f} M)')


if __name__ == '__main__':
    main()
