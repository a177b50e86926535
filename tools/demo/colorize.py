"""Colorize photos with a pixelated (semantic) colorizer: one PNG grid per
image with the gray input, ``--samples`` diverse colorizations and, when
the input has colour, the original.

An image is a file or ``skimage:NAME`` for a photo that scikit-image ships
(``skimage.data.NAME()``, e.g. ``skimage:astronaut``, ``skimage:camera``).
Without ``--checkpoint`` the model keeps its initial weights (a warning
says so): useful to check the pipeline, not the colours.

The default ``--config`` is the benchmark's purple+blue+green flow
(``configs/colorization/benchmark/pixelated-semantic-generator_tiny_...``).

Example::

    python tools/demo/colorize.py skimage:astronaut photo.jpg --samples 4 \\
        --checkpoint work_dirs/colorization_generator/iter_600.pth \\
        --out-dir work_dirs/colorized
"""
import argparse
import os
import os.path as osp
import warnings

import cv2
import numpy as np

from mmcontinuity.apis import colorize, init_colorizer

DEFAULT_CONFIG = ('configs/colorization/benchmark/pixelated-semantic-'
                  'generator_tiny_1xb8-600it_continuity-bench-colorization.py')
#: pixels between the tiles of a grid
GAP = 4


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('images', nargs='+',
                        help='image files or skimage:NAME')
    parser.add_argument('--samples', type=int, default=4,
                        help='colorizations per image')
    parser.add_argument('--config', default=DEFAULT_CONFIG)
    parser.add_argument('--checkpoint', default=None)
    parser.add_argument('--out-dir', default='work_dirs/colorized')
    parser.add_argument('--temperature', type=float, default=None)
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--device', default='cpu')
    return parser.parse_args()


def load_image(spec):
    """uint8 array of ``skimage:NAME`` or the path itself (a file)."""
    if spec.startswith('skimage:'):
        import skimage.data
        name = spec[len('skimage:'):]
        loader = getattr(skimage.data, name, None)
        if loader is None:
            raise ValueError(f'{spec}: scikit-image has no data.{name}()')
        return loader()
    if not osp.isfile(spec):
        raise FileNotFoundError(f'{spec}: no such image file')
    return spec


def grid(result):
    """uint8 ``(H, n W + (n - 1) GAP, 3)`` RGB row: gray, samples,
    original (if any), separated by white gaps."""
    tiles = [result['gray'], *result['samples']]
    if result['original'] is not None:
        tiles.append(result['original'])
    height = tiles[0].shape[0]
    gap = np.full((height, GAP, 3), 255, np.uint8)
    row = [tiles[0]]
    for tile in tiles[1:]:
        row += [gap, tile]
    return np.concatenate(row, axis=1)


def output_name(spec, index):
    stem = (spec.split(':', 1)[1] if spec.startswith('skimage:') else
            osp.splitext(osp.basename(spec))[0])
    return f'{index:02d}_{stem}_colorized.png'


def main():
    args = parse_args()
    if args.checkpoint is None:
        warnings.warn('no --checkpoint: the colorizer is untrained')
    model = init_colorizer(args.config, args.checkpoint, device=args.device)
    images = [load_image(spec) for spec in args.images]
    results = colorize(model, images, num_samples=args.samples,
                       temperature=args.temperature, seed=args.seed)
    os.makedirs(args.out_dir, exist_ok=True)
    for index, (spec, result) in enumerate(zip(args.images, results)):
        path = osp.join(args.out_dir, output_name(spec, index))
        cv2.imwrite(path, cv2.cvtColor(grid(result), cv2.COLOR_RGB2BGR))
        print(f'{spec}: {path}')


if __name__ == '__main__':
    main()
