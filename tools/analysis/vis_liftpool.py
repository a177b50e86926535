"""Visualise a LiftDownPool layer: its sub-bands and its reconstruction.

Writes two PNGs for IMAGE into ``--out-dir``:

* ``<image>_subbands.png`` (thesis Fig. 3.3): LL, LH, HL, HH of the chosen
  layer, one row per channel of its input (``--channels``, the ones with the
  most detail energy), each map scaled to its own min..max;
* ``<image>_reconstruction.png`` (Fig. 3.1): the layer's input, MaxPool,
  MaxUnpool (of the MaxPool, with its indices), the LiftDownPool output and
  the LiftUpPool reconstruction from LL and the recorded details.

The layer is ``--layer`` (a module name such as ``backbone.stem_pool``; by
default the first LiftDownPool2d) of CONFIG's model, with ``--checkpoint``'s
weights if given (otherwise the model's initialisation), fed with IMAGE
through the model's data preprocessor. Without ``--config`` the layer is a
standalone one on the RGB image itself: the fixed CDF 5/3 filters
(``--layer-type CDF53LiftDownPool2d``, default) or an untrained learned one
(``--layer-type LiftDownPool2d``, ``--seed``); the rows are then RGB.

Example::

    python tools/analysis/vis_liftpool.py demo.png --out-dir vis \\
        --config configs/liftpool/vgg13-tiny-liftdownpool_...py \\
        --checkpoint work_dirs/.../epoch_15.pth --layer backbone.pools.0
"""
import argparse
import copy
import os
import os.path as osp

import cv2
import mmcv
import numpy as np
import torch
import torch.nn.functional as F
from mmengine.config import Config, DictAction
from mmengine.registry import MODELS, init_default_scope
from mmengine.runner import load_checkpoint

import mmcontinuity  # noqa: F401  (registration first)
from mmcontinuity.models.liftpool import LiftDownPool2d, LiftUpPool2d

CELL = 96  # minimum side of a map in the figures, pixels
LABEL = 18  # height of the column titles
BANDS = ('LL', 'LH', 'HL', 'HH')


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('image', help='any image file')
    parser.add_argument('--out-dir', default='.', help='where PNGs go')
    parser.add_argument('--config', help='model config (optional)')
    parser.add_argument('--checkpoint', help='weights for --config')
    parser.add_argument(
        '--layer', help='module name of a LiftDownPool2d in the model '
        '(default: the first one)')
    parser.add_argument(
        '--layer-type',
        default='CDF53LiftDownPool2d',
        choices=['CDF53LiftDownPool2d', 'LiftDownPool2d'],
        help='the standalone layer without --config')
    parser.add_argument(
        '--channels', type=int, default=4, help='rows: channels shown')
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument(
        '--cfg-options', nargs='+', action=DictAction,
        help='override settings of the config')
    return parser.parse_args()


class _Captured(Exception):
    """Stops the model's forward once the layer's input is captured."""


def build_model(cfg: Config, checkpoint: str = None) -> torch.nn.Module:
    """The config's model in eval mode, with the config's top-level
    ``data_preprocessor`` unless the model has its own (as mmengine's Runner
    builds it) and the checkpoint's weights if given."""
    model_cfg = copy.deepcopy(cfg.model)
    if cfg.get('data_preprocessor') is not None:
        model_cfg.setdefault('data_preprocessor', cfg.data_preprocessor)
    model = MODELS.build(model_cfg)
    if checkpoint:
        load_checkpoint(model, checkpoint, map_location='cpu')
    return model.eval()


def find_layer(model: torch.nn.Module, name: str = None) -> tuple:
    """``(name, layer)`` of a LiftDownPool2d of ``model``; a clear error
    listing the candidates for a wrong name."""
    layers = {
        n: m
        for n, m in model.named_modules() if isinstance(m, LiftDownPool2d)
    }
    if not layers:
        raise ValueError(f'{type(model).__name__} has no LiftDownPool2d')
    if name is None:
        name = next(iter(layers))
    if name not in layers:
        kind = ('is a ' + type(model.get_submodule(name)).__name__
                if name in dict(model.named_modules()) else 'does not exist')
        raise ValueError(f'layer {name!r} {kind}; the LiftDownPool2d '
                         f'layers of the model are: {", ".join(layers)}')
    return name, layers[name]


def layer_input(model: torch.nn.Module, layer: torch.nn.Module,
                image: np.ndarray) -> torch.Tensor:
    """The input ``(1, C, H, W)`` of ``layer`` when ``model`` (in eval mode)
    sees ``image`` (BGR, as mmcv loads it) through its data preprocessor."""
    captured = []

    def hook(module, args):
        captured.append(args[0].detach())
        raise _Captured

    handle = layer.register_forward_pre_hook(hook)
    inputs = torch.from_numpy(np.ascontiguousarray(image.transpose(2, 0, 1)))
    data = model.data_preprocessor(dict(inputs=[inputs]), False)
    try:
        with torch.no_grad():
            model(data['inputs'], mode='tensor')
    except _Captured:
        pass
    finally:
        handle.remove()
    if not captured:
        raise RuntimeError('the model did not reach the chosen layer')
    return captured[0]


def normalise(maps: np.ndarray, axes: tuple = (-2, -1)) -> np.ndarray:
    """To uint8 over the min..max of each part along ``axes`` (by default
    each map of (..., H, W))."""
    low = maps.min(axis=axes, keepdims=True)
    span = maps.max(axis=axes, keepdims=True) - low
    return (255 * (maps - low) / np.maximum(span, 1e-12)).astype(np.uint8)


def grid(columns: dict, rgb: bool) -> np.ndarray:
    """A BGR image: one titled column per entry of ``columns`` (name ->
    ``(C, h, w)`` array), one row per channel, or one RGB row."""
    cells = []
    for name, maps in columns.items():
        rows = [normalise(maps, None)[::-1].transpose(1, 2, 0)] if rgb else [
            cv2.cvtColor(m, cv2.COLOR_GRAY2BGR) for m in normalise(maps)
        ]
        scale = max(1, -(-CELL // max(maps.shape[-2:])))
        rows = [
            cv2.resize(r, None, fx=scale, fy=scale,
                       interpolation=cv2.INTER_NEAREST) for r in rows
        ]
        column = np.concatenate(
            [np.pad(r, ((2, 2), (2, 2), (0, 0)), constant_values=255)
             for r in rows])
        title = np.full((LABEL, column.shape[1], 3), 255, np.uint8)
        cv2.putText(title, name, (3, LABEL - 5), cv2.FONT_HERSHEY_SIMPLEX,
                    0.45, (0, 0, 0), 1, cv2.LINE_AA)
        cells.append(np.concatenate([title, column]))
    height = max(c.shape[0] for c in cells)
    return np.concatenate([
        np.pad(c, ((0, height - c.shape[0]), (0, 0), (0, 0)),
               constant_values=255) for c in cells
    ], axis=1)


def pool_and_restore(layer: LiftDownPool2d, x: torch.Tensor) -> tuple:
    """The sub-bands of ``x`` (1, C, H, W) and the maps of Fig. 3.1: input,
    MaxPool, MaxUnpool, LiftDownPool, LiftUpPool (all channels: the inverse
    mixes them)."""
    with torch.no_grad():
        bands = layer.decompose(x)
        pooled, indices = F.max_pool2d(
            x, 2, return_indices=True, ceil_mode=True)
        maps = dict(
            input=x,
            MaxPool=pooled,
            MaxUnpool=F.max_unpool2d(
                pooled, indices, 2, output_size=x.shape[-2:]),
            LiftDownPool=layer(x),
            LiftUpPool=LiftUpPool2d(layer)(bands.ll, bands))
    return bands, maps


def main():
    args = parse_args()
    image = mmcv.imread(args.image)
    if image is None:
        raise FileNotFoundError(f'cannot read image {args.image}')
    torch.manual_seed(args.seed)
    if args.config:
        cfg = Config.fromfile(args.config)
        if args.cfg_options:
            cfg.merge_from_dict(args.cfg_options)
        init_default_scope(cfg.get('default_scope', 'mmpretrain'))
        print(f'building the model of {args.config}')
        model = build_model(cfg, args.checkpoint)
        if not args.checkpoint:
            print('no checkpoint: the layer has its initial weights')
        name, layer = find_layer(model, args.layer)
        x = layer_input(model, layer, image)
    else:
        name = args.layer_type
        # the 3 RGB channels do not split into the default 2 groups
        groups = dict(groups=1) if name == 'LiftDownPool2d' else {}
        layer = MODELS.build(dict(type=name, in_channels=3,
                                  **groups)).eval()
        x = torch.from_numpy(mmcv.bgr2rgb(image).transpose(2, 0, 1).copy())
        x = x[None].float() / 255
    rgb = not args.config
    print(f'layer {name} ({type(layer).__name__}): input {tuple(x.shape)}')
    bands, maps = pool_and_restore(layer, x)
    for key in ('MaxUnpool', 'LiftUpPool'):
        error = (maps[key] - x).abs().mean().item()
        print(f'{key} reconstruction: mean |x - x_rec| = {error:.3g}')
    keep = slice(None)
    if not rgb:  # the channels with the most detail energy
        energy = sum(b.square().sum((0, 2, 3)) for b in bands[1:4])
        keep = energy.argsort(descending=True)[:args.channels].sort().values
    stem = osp.splitext(osp.basename(args.image))[0]
    os.makedirs(args.out_dir, exist_ok=True)
    for suffix, columns in (
            ('subbands', {b: getattr(bands, b.lower()) for b in BANDS}),
            ('reconstruction', maps)):
        path = osp.join(args.out_dir, f'{stem}_{suffix}.png')
        figure = grid({k: v[0, keep].numpy() for k, v in columns.items()},
                      rgb)
        if not cv2.imwrite(path, figure):
            raise OSError(f'cannot write {path}')
        print(f'wrote {path} ({figure.shape[1]}x{figure.shape[0]})')


if __name__ == '__main__':
    main()
