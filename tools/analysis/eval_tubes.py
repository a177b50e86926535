"""Evaluate dumped action detections against an ACT ground-truth pickle.

Detection file (pickle), one of three kinds (``video`` = name in the GT)::

    {'type': 'frame',   'detections': {video: (n, 7) array
        [frame, label, score, x1, y1, x2, y2]}}
    {'type': 'tubelet', 'detections': {video: (n, 3 + 4K) array
        [start_frame, label, score, x1, y1, x2, y2 (frame 1), ...,
         (frame K)]}}
    {'type': 'tube',    'detections': {video: [(label, score,
        (n, 5) array [frame, x1, y1, x2, y2]), ...]}}

Frames are 1-based, labels 0-based, boxes pixel xyxy. Frame detections are
linked online (Singh et al.), tubelets by ACT's linking; ``--link-cfg``
passes linker arguments (``key=value``). Prints a per-class table (ground
truth tubes, video AP per threshold, frame AP) and the mAPs; ``--plot DIR``
writes precision-recall curves as PNG. Frame-mAP uses the raw detections of
a frame file and the tube boxes (with the tube score) otherwise.

Example::

    python tools/analysis/eval_tubes.py dets.pkl UCF101v2-GT.pkl \\
        --split 1 --link-cfg iou_thr=0.1 alpha=3 --plot work_dirs/pr
"""
import argparse
import ast
import os
import os.path as osp
import pickle

import numpy as np
from tqdm import tqdm

from mmcontinuity.evaluation.functional import (
    COCO_THRS, REPORTED_THRS, Tubes, act_gt_tubes, dense_class_streams,
    frame_map, link_frame_detections, link_tubelets, precision_recall,
    summarize_video_map, video_map)

KINDS = ('frame', 'tubelet', 'tube')


def parse_args():
    parser = argparse.ArgumentParser(
        description='Video-mAP and frame-mAP of dumped detections')
    parser.add_argument('detections', help='detection pickle (see module '
                        'docstring)')
    parser.add_argument('ground_truth', help='ACT *-GT.pkl')
    parser.add_argument('--split', type=int, default=1,
                        help='1-based split (test_videos[split - 1])')
    parser.add_argument('--iou-thrs', type=float, nargs='+',
                        default=sorted(set(REPORTED_THRS + COCO_THRS)))
    parser.add_argument('--frame-iou-thr', type=float, default=0.5)
    parser.add_argument('--ap-mode', choices=('act', 'voc'), default='act')
    parser.add_argument('--box-offset', type=float, default=1.0,
                        help='1: inclusive-pixel areas (ACT), 0: continuous')
    parser.add_argument('--top-k', type=int, default=10,
                        help='detections per class and frame/tubelet start')
    parser.add_argument('--link-cfg', nargs='*', default=[],
                        metavar='KEY=VALUE', help='linker arguments')
    parser.add_argument('--plot', metavar='DIR',
                        help='write precision-recall curves (PNG) here')
    return parser.parse_args()


def parse_link_cfg(items):
    """``['iou_thr=0.1', 'max_misses=5']`` -> ``{'iou_thr': 0.1, ...}``."""
    cfg = {}
    for item in items:
        key, sep, value = item.partition('=')
        if not sep:
            raise ValueError(f'--link-cfg expects KEY=VALUE, got {item!r}')
        cfg[key] = ast.literal_eval(value)
    return cfg


def load_pickle(path):
    if not osp.isfile(path):
        raise FileNotFoundError(f'no such file: {path}')
    with open(path, 'rb') as f:
        return pickle.load(f, encoding='latin1')


def check_detections(dets, videos):
    """Validate the detection dict and return its kind."""
    if not isinstance(dets, dict) or dets.get('type') not in KINDS or \
            'detections' not in dets:
        raise ValueError(f"detection file must be a dict with 'type' in "
                         f"{KINDS} and 'detections'")
    unknown = sorted(set(dets['detections']) - set(videos))
    if unknown:
        raise KeyError(f'{len(unknown)} detected videos are not in the '
                       f'evaluated split, e.g. {unknown[0]!r}')
    return dets['type']


def build_tubes(kind, dets, gt, videos, num_classes, top_k, link_cfg):
    """Tubes of every evaluated video (linked if needed)."""
    parts = []
    for v, name in enumerate(tqdm(videos, desc=f'linking {kind}s')):
        if name not in dets:
            continue
        if kind == 'tube':
            entries = dets[name]
            parts.append(Tubes.from_list(
                [e[2] for e in entries], np.full(len(entries), v),
                [e[0] for e in entries], [e[1] for e in entries]))
            continue
        d = np.asarray(dets[name], dtype=np.float64)
        if kind == 'frame':
            items, steps = d[:, 3:7], d[:, 0] - 1
            num_steps = gt['nframes'][name]
        else:
            k = (d.shape[1] - 3) // 4
            items, steps = d[:, 3:].reshape(-1, k, 4), d[:, 0] - 1
            num_steps = gt['nframes'][name] - k + 1
        dense = dense_class_streams(steps, d[:, 1], d[:, 2], items,
                                    num_steps, num_classes, top_k)
        linker = link_frame_detections if kind == 'frame' else link_tubelets
        tubes = linker(*dense[:2], np.arange(num_classes), dense[2],
                       **link_cfg)
        tubes.video = np.full(len(tubes), v)
        parts.append(tubes)
    return Tubes.concat(parts)


def frame_detections(dets, videos):
    """Raw frame detections of a 'frame' file as :func:`frame_map` input."""
    rows = [(v, np.asarray(dets[name], dtype=np.float64))
            for v, name in enumerate(videos) if name in dets]
    data = np.concatenate([d for _, d in rows]) if rows else np.zeros((0, 7))
    video = np.concatenate([np.full(len(d), v) for v, d in rows]) if rows \
        else np.zeros(0)
    return dict(video=video, frame=data[:, 0], label=data[:, 1],
                score=data[:, 2], bboxes=data[:, 3:7])


def print_table(labels, vres, fres, frame_thr):
    """Per-class table and the mAPs (rich when installed)."""
    thrs = [f'{t:g}' for t in vres['iou_thrs']]
    header = ['class', '#gt', *[f'AP@{t}' for t in thrs],
              f'frame AP@{frame_thr:g}']

    def fmt(ap):  # NaN: the class has no ground truth in the split
        return '-' if np.isnan(ap) else f'{100 * ap:.2f}'

    rows = [[name, str(vres['num_gt'][c]), *map(fmt, vres['ap'][:, c]),
             fmt(fres['ap'][c])] for c, name in enumerate(labels)]
    summary = summarize_video_map(vres)
    summary[f'f-mAP@{frame_thr:g}'] = fres['mAP']
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:
        print('\t'.join(header))
        for row in rows:
            print('\t'.join(row))
    else:
        table = Table(*header)
        for row in rows:
            table.add_row(*row)
        Console().print(table)
    for key, value in summary.items():
        print(f'{key}: {100 * value:.2f}')


def plot_curves(out_dir, labels, det, vres, fres, frame_det):
    """One PNG of per-class precision-recall curves per threshold."""
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    os.makedirs(out_dir, exist_ok=True)
    curves = [(f'video_pr_iou{t:g}.png', f'video AP @ IoU {t:g}', tp,
               det.label, det.score, vres['num_gt'])
              for t, tp in zip(vres['iou_thrs'], vres['tp'])]
    curves.append(('frame_pr.png', 'frame AP', fres['tp'],
                   np.asarray(frame_det['label']),
                   np.asarray(frame_det['score']), fres['num_gt']))
    for filename, title, tp, label, score, num_gt in curves:
        fig, ax = plt.subplots(figsize=(7, 6))
        for c, name in enumerate(labels):
            if num_gt[c] == 0:
                continue
            mine = label == c
            order = np.argsort(-score[mine], kind='stable')
            precision, recall = precision_recall(tp[mine][order], num_gt[c])
            ax.plot(np.r_[0, recall], np.r_[1, precision], label=name)
        ax.set(xlabel='recall', ylabel='precision', title=title,
               xlim=(0, 1), ylim=(0, 1.05))
        ax.legend(fontsize='x-small', ncol=2)
        fig.savefig(osp.join(out_dir, filename), dpi=100)
        plt.close(fig)
    print(f'precision-recall curves written to {out_dir}')


def main():
    args = parse_args()
    gt = load_pickle(args.ground_truth)
    videos = list(gt['test_videos'][args.split - 1])
    labels = list(gt['labels'])
    dets = load_pickle(args.detections)
    kind = check_detections(dets, videos)
    det = build_tubes(kind, dets['detections'], gt, videos, len(labels),
                      args.top_k, parse_link_cfg(args.link_cfg))
    gt_tubes = act_gt_tubes(gt['gttubes'], videos)
    vres = video_map(det, gt_tubes, len(labels), args.iou_thrs, args.ap_mode,
                     args.box_offset)
    frame_det = frame_detections(dets['detections'], videos) \
        if kind == 'frame' else det.frame_boxes()
    fres = frame_map(frame_det, gt_tubes.frame_boxes(), len(labels),
                     args.frame_iou_thr, args.ap_mode, args.box_offset)
    print_table(labels, vres, fres, args.frame_iou_thr)
    if args.plot:
        plot_curves(args.plot, labels, det, vres, fres, frame_det)


if __name__ == '__main__':
    main()
