"""Time the naive and the cached PixelCNN sampler in one run.

Both samplers draw the same colorizations for the same seed (checked
here); the naive one runs the whole generator g_omega once per pixel, the
cached one only what each new pixel changes. A random condition of
``--batch`` maps of ``--size`` x ``--size`` is sampled by a generator of the
given width, or by the generator of a config's model (``--config``, with
the model's condition width)::

    python tools/analysis/bench_sampler.py --channels 32 --num-layers 4
    python tools/analysis/bench_sampler.py --config CONFIG --batch 8

Prints the wall-clock and the CPU time (of this process, all threads) of
both, their ratios naive / cached and the largest difference of the
samples; on a shared machine the CPU times are the steadier measure.
"""
import argparse
import time

import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmseg.registry import MODELS

from mmcontinuity.models.colorization import cached_sample, naive_sample


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--config', help='colorizer config (its generator)')
    parser.add_argument('--channels', type=int, default=32,
                        help='width of the generator without --config')
    parser.add_argument('--num-layers', type=int, default=4)
    parser.add_argument('--kernel-size', type=int, default=3)
    parser.add_argument('--cond-channels', type=int, default=160)
    parser.add_argument('--batch', type=int, default=8)
    parser.add_argument('--size', type=int, default=32,
                        help='height and width of the ab map')
    parser.add_argument('--temperature', type=float, default=1.0)
    parser.add_argument('--seed', type=int, default=0)
    return parser.parse_args()


def build_generator(args):
    """The generator g_omega and the width of its condition."""
    init_default_scope('mmseg')
    if args.config:
        model = MODELS.build(Config.fromfile(args.config).model)
        return model.generator, model.cond_channels
    generator = MODELS.build(
        dict(type='ConditionalGatedPixelCNN',
             cond_channels=args.cond_channels, channels=args.channels,
             num_layers=args.num_layers, kernel_size=args.kernel_size))
    return generator, args.cond_channels


def timed(name, sampler, pixelcnn, cond, args):
    """Samples and ``(wall, cpu)`` seconds of one sampler."""
    wall, cpu = time.perf_counter(), time.process_time()
    ab = sampler(pixelcnn, cond, args.temperature,
                 torch.Generator().manual_seed(args.seed))
    seconds = time.perf_counter() - wall, time.process_time() - cpu
    print(f'{name} sampler: {seconds[0]:.2f} s wall, {seconds[1]:.2f} s '
          'CPU', flush=True)
    return ab, seconds


def main():
    args = parse_args()
    torch.manual_seed(args.seed)
    pixelcnn, cond_channels = build_generator(args)
    pixelcnn.eval()
    cond = torch.randn(args.batch, cond_channels, args.size, args.size)
    print(f'generator: {len(pixelcnn.layers)} layers, '
          f'{sum(p.numel() for p in pixelcnn.parameters())} parameters; '
          f'condition {tuple(cond.shape)}; '
          f'{torch.get_num_threads()} threads', flush=True)
    cached, cached_time = timed('cached', cached_sample, pixelcnn, cond,
                                args)
    naive, naive_time = timed('naive', naive_sample, pixelcnn, cond, args)
    print(f'naive / cached: {naive_time[0] / cached_time[0]:.1f}x wall, '
          f'{naive_time[1] / cached_time[1]:.1f}x CPU; largest difference '
          f'of the samples: {(naive - cached).abs().max().item():.3g} '
          '(ab units)')


if __name__ == '__main__':
    main()
