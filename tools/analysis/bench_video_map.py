"""Benchmark: online linking + video-mAP on a synthetic test set.

Generates ``--videos`` videos of ``--frames`` frames with one or two actors
performing one of ``--classes`` actions over a random temporal segment, and
a frame-level detector output of ``--dets`` boxes per frame and class (the
true class scores high near the actor while it acts; all other boxes are
jittered actor boxes or random boxes with low scores). Detections are linked
(:func:`link_frame_detections`) in chunks of videos spread over
``--workers`` processes, then video-mAP at 0.2/0.5/0.75/0.5:0.95 is computed.

Example::

    python tools/analysis/bench_video_map.py --videos 1000 --frames 200 \\
        --classes 24 --dets 10 --workers 2
"""
import argparse
import os
import time
from multiprocessing import Pool

import numpy as np

from mmcontinuity.evaluation.functional import (COCO_THRS, REPORTED_THRS,
                                                Tubes, link_frame_detections,
                                                summarize_video_map,
                                                video_map)

IMAGE_SIZE = 320.0


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--videos', type=int, default=1000)
    parser.add_argument('--frames', type=int, default=200)
    parser.add_argument('--classes', type=int, default=24)
    parser.add_argument('--dets', type=int, default=10,
                        help='detections per frame and class')
    parser.add_argument('--workers', type=int, default=2)
    parser.add_argument('--chunk', type=int, default=25,
                        help='videos linked together in one batch')
    parser.add_argument('--seed', type=int, default=0)
    return parser.parse_args()


def actor_tracks(rng, num_actors, num_frames):
    """``(A, T, 4)`` smooth random-walk boxes inside the image."""
    size = rng.uniform(40, 120, (num_actors, 1, 2))
    steps = rng.normal(0, 2.0, (num_actors, num_frames, 2))
    centre = rng.uniform(80, IMAGE_SIZE - 80, (num_actors, 1, 2)) + \
        np.cumsum(steps, 1)
    centre = np.clip(centre, size / 2, IMAGE_SIZE - size / 2)
    return np.concatenate([centre - size / 2, centre + size / 2], -1)


def make_video(rng, num_frames, num_classes, num_dets):
    """Ground truth and dense detections of one synthetic video.

    Returns:
        tuple: ``gt`` list of ``(label, (n, 5) tube)``, ``boxes``
        ``(C, T, D, 4)`` and ``scores`` ``(C, T, D)``.
    """
    num_actors = int(rng.integers(1, 3))
    label = int(rng.integers(num_classes))
    tracks = actor_tracks(rng, num_actors, num_frames)
    start = rng.integers(0, num_frames // 2, num_actors)
    stop = np.minimum(start + rng.integers(20, num_frames, num_actors),
                      num_frames)
    frames = np.arange(num_frames)
    acting = (frames >= start[:, None]) & (frames < stop[:, None])
    gt = [(label, np.concatenate([frames[acting[a], None] + 1.0,
                                  tracks[a, acting[a]]], 1))
          for a in range(num_actors)]
    shape = (num_classes, num_frames, num_dets)
    actor = rng.integers(0, num_actors, shape)
    jitter = rng.normal(0, 4.0, shape + (4,))
    boxes = tracks[actor, frames[None, :, None]] + jitter
    random_box = rng.random(shape) < 0.3
    corner = rng.uniform(0, IMAGE_SIZE - 60, shape + (2,))
    boxes[random_box] = np.concatenate(
        [corner, corner + rng.uniform(20, 60, shape + (2,))], -1)[random_box]
    boxes = np.concatenate([np.minimum(boxes[..., :2], boxes[..., 2:]),
                            np.maximum(boxes[..., :2], boxes[..., 2:])], -1)
    scores = rng.uniform(0, 0.3, shape)
    on = acting[actor[label], frames[:, None]] & ~random_box[label]
    scores[label][on] = rng.uniform(0.5, 1.0, on.sum())
    return gt, boxes, scores


def link_chunk(args):
    """Generate and link videos ``first:first + n`` (one worker task); video
    ``i`` is drawn from the seed ``(seed, i)`` whatever the chunking."""
    first, n, frames, classes, dets, seed = args
    videos = [make_video(np.random.default_rng([seed, first + i]), frames,
                         classes, dets) for i in range(n)]
    boxes = np.concatenate([v[1] for v in videos])
    scores = np.concatenate([v[2] for v in videos])
    start = time.perf_counter()
    tubes = link_frame_detections(boxes, scores,
                                  np.tile(np.arange(classes), n))
    link_time = time.perf_counter() - start
    tubes.label = tubes.video % classes
    tubes.video = tubes.video // classes + first
    gts = [(first + i, label, tube) for i, v in enumerate(videos)
           for label, tube in v[0]]
    return tubes, gts, link_time, os.getpid()


def main():
    args = parse_args()
    tasks = [(first, min(args.chunk, args.videos - first), args.frames,
              args.classes, args.dets, args.seed)
             for first in range(0, args.videos, args.chunk)]
    start = time.perf_counter()
    with Pool(args.workers) as pool:
        results = pool.map(link_chunk, tasks)
    generated_linked = time.perf_counter() - start
    per_worker = {}
    for r in results:
        per_worker[r[3]] = per_worker.get(r[3], 0.0) + r[2]
    link_time = max(per_worker.values())
    det = Tubes.concat([r[0] for r in results])
    gts = [g for r in results for g in r[1]]
    gt = Tubes.from_list([g[2] for g in gts], [g[0] for g in gts],
                         [g[1] for g in gts])
    start = time.perf_counter()
    result = video_map(det, gt, args.classes,
                       sorted(set(REPORTED_THRS) | set(COCO_THRS)))
    map_time = time.perf_counter() - start
    print(f'{args.videos} videos x {args.frames} frames x {args.classes} '
          f'classes x {args.dets} detections/frame/class, '
          f'{args.workers} workers')
    print(f'linked tubes: {len(det)}, ground-truth tubes: {len(gt)}')
    for name, value in summarize_video_map(result).items():
        print(f'{name}: {100 * value:.2f}')
    print(f'linking: {link_time:.1f} s (busiest worker); video-mAP: '
          f'{map_time:.1f} s; linking + video-mAP: '
          f'{link_time + map_time:.1f} s')
    print(f'wall time including data generation: '
          f'{generated_linked + map_time:.1f} s')


if __name__ == '__main__':
    main()
