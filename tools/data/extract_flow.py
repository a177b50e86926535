"""Extract optical flow with OpenCV into mmaction2's flow-frame layout.

For every video (a folder of frames or a video file) writes
``flow_x_%05d.jpg``/``flow_y_%05d.jpg``, one pair per frame, each component
clipped to [-bound, bound] and quantised to 0-255 (see
mmcontinuity/datasets/flow_io.py).

Examples::

    # one video
    python tools/data/extract_flow.py data/ucf24/rgb-images/Basketball/v_x \\
        data/ucf24/flow/Basketball/v_x
    # every frame folder / video file below a root, 2 processes, fast method
    python tools/data/extract_flow.py data/ucf24/rgb-images data/ucf24/flow \\
        --batch --method farneback --workers 2
"""
import argparse
import functools
import multiprocessing
import os.path as osp

from tqdm import tqdm

from mmcontinuity.datasets.flow_io import DEFAULT_BOUND
from mmcontinuity.datasets.optical_flow import (METHODS, VIDEO_EXTS,
                                                extract_flow, find_videos)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('source', help='frame folder or video file; with '
                        '--batch a root folder searched recursively')
    parser.add_argument('out', help='output flow folder (with --batch: root '
                        'mirroring the source tree)')
    parser.add_argument('--batch', action='store_true')
    parser.add_argument('--method', choices=METHODS, default='tvl1')
    parser.add_argument('--bound', type=float, default=DEFAULT_BOUND,
                        help='flow clipping bound in pixels')
    parser.add_argument('--workers', type=int, default=2,
                        help='processes (videos are processed in parallel)')
    return parser.parse_args()


def _out_dir(out_root, rel):
    """Flow folder of a video: a video file ``a/b.mp4`` maps to ``a/b``."""
    stem, ext = osp.splitext(rel)
    return osp.join(out_root, stem if ext.lower() in VIDEO_EXTS else rel)


def _extract(source_root, out_root, method, bound, rel):
    return extract_flow(osp.join(source_root, rel), _out_dir(out_root, rel),
                        method, bound)


def main():
    args = parse_args()
    if not args.batch:
        count = extract_flow(args.source, args.out, args.method, args.bound)
        print(f'{count} flow frames -> {args.out}')
        return
    videos = find_videos(args.source)
    if not videos:
        raise SystemExit(f'no frame folder or video file under {args.source}')
    job = functools.partial(_extract, args.source, args.out, args.method,
                            args.bound)
    with multiprocessing.Pool(max(1, args.workers)) as pool:
        counts = list(tqdm(pool.imap(job, videos), total=len(videos),
                           desc='flow'))
    print(f'{len(videos)} videos, {sum(counts)} flow frames -> {args.out}')


if __name__ == '__main__':
    main()
