"""Generate the built-in "continuity" benchmark from packaged images.

Actors are scikit-learn's handwritten digits, backgrounds scikit-image's sample
photographs; nothing is downloaded. The output is deterministic for a seed and
independent of ``--workers``. See mmcontinuity/datasets/README.md for the
splits and their formats.

Example::

    python tools/data/make_continuity_bench.py                # all splits
    python tools/data/make_continuity_bench.py --splits tubelets --scale 4
    # recognition videos as mp4s and as frames + exact flow, 480 + 144
    python tools/data/make_continuity_bench.py --splits recognition --scale 4
"""
import argparse
import os

from mmcontinuity.datasets.bench import SPLITS, generate


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--out', default='data/continuity_bench',
                        help='output folder (default: %(default)s)')
    parser.add_argument('--splits', nargs='+', default=list(SPLITS),
                        choices=list(SPLITS), help='splits to generate')
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--scale', type=float, default=1.0,
                        help='multiply the number of videos/images per split')
    parser.add_argument('--workers', type=int, default=min(2, os.cpu_count()),
                        help='worker processes (0: generate in this process)')
    return parser.parse_args()


def main():
    args = parse_args()
    os.makedirs(args.out, exist_ok=True)
    timings = generate(args.out, args.splits, args.seed, args.scale,
                       args.workers)
    for name, seconds in timings.items():
        print(f'{name:>16s}: {seconds:6.1f} s')
    print(f'{"total":>16s}: {sum(timings.values()):6.1f} s -> {args.out}')


if __name__ == '__main__':
    main()
