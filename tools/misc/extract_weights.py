"""Keep the weights of some sub-modules of a checkpoint, to initialise only
those sub-modules of another model.

MMEngine's ``init_cfg=dict(type='Pretrained', checkpoint=...)`` at the model
level loads every key of a checkpoint whose name and shape match. Loading a
trained TubeR checkpoint into another TubeR variant therefore loads its
transformer, queries and heads too, not only its backbone (and mmaction2's
``ResNet3d`` ignores an ``init_cfg`` of its own). This tool writes a
checkpoint with only the keys under the given prefixes, names unchanged, so
that the model-level ``Pretrained`` init loads exactly those sub-modules:

    python tools/misc/extract_weights.py \\
        work_dirs/tuber-demo_..._rgb-flow/iter_5000.pth \\
        work_dirs/tuber-demo_..._rgb-flow/backbone.pth --prefix backbone.
"""
import argparse
import os.path as osp

import torch
from mmengine.fileio import get_local_path
from mmengine.runner.checkpoint import _load_checkpoint

import mmcontinuity  # noqa: F401  (compat layer: loads mmengine checkpoints)


def extract_weights(state_dict: dict, prefixes) -> dict:
    """The entries of ``state_dict`` whose key starts with one of
    ``prefixes``, in their order.

    Raises:
        ValueError: if ``prefixes`` is empty or a prefix matches no key (a
            typo would otherwise write an empty checkpoint that initialises
            nothing).
    """
    prefixes = tuple(prefixes)
    if not prefixes:
        raise ValueError('give at least one prefix')
    unmatched = [p for p in prefixes
                 if not any(k.startswith(p) for k in state_dict)]
    if unmatched:
        tops = sorted({k.split('.')[0] + '.' for k in state_dict})
        raise ValueError(f'prefixes {unmatched} match no key of the '
                         f'checkpoint; its top-level prefixes are {tops}')
    return {k: v for k, v in state_dict.items() if k.startswith(prefixes)}


def parse_args():
    parser = argparse.ArgumentParser(
        description='Write the weights of some sub-modules of a checkpoint')
    parser.add_argument('checkpoint', help='input checkpoint (.pth)')
    parser.add_argument('out', help='output checkpoint (.pth)')
    parser.add_argument(
        '--prefix',
        nargs='+',
        required=True,
        help='keep the keys starting with these, e.g. backbone.')
    return parser.parse_args()


def main():
    args = parse_args()
    if osp.abspath(args.checkpoint) == osp.abspath(args.out):
        raise ValueError(f'{args.out}: the output would overwrite the input')
    with get_local_path(args.checkpoint) as path:
        checkpoint = _load_checkpoint(path, map_location='cpu')
    state_dict = checkpoint.get('state_dict', checkpoint)
    kept = extract_weights(state_dict, args.prefix)
    meta = dict(source=args.checkpoint, prefixes=list(args.prefix))
    torch.save(dict(state_dict=kept, meta=meta), args.out)
    print(f'{args.out}: {len(kept)} of {len(state_dict)} tensors '
          f'({", ".join(args.prefix)})')


if __name__ == '__main__':
    main()
