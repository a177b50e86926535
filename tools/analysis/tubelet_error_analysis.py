"""Which part of a TubeR model limits its video-mAP: boxes, switch or class.

Reads the predictions that ``tools/test.py CONFIG CKPT --dump preds.pkl``
wrote for a config evaluated by ``TubeletVideoMAP`` (TubeR stitching),
matches every clip's tubelets to its ground truth (the config's ACT
pickle), prints the quality of the matched tubelets (per-frame IoU, switch
and class accuracy) and the metrics of the predictions and of *oracles*
that take the ground truth for one or more parts of the matched tubelets
(see ``mmcontinuity.evaluation.functional.tubelet_errors``). It also
prints the spread of the predicted boxes (:func:`box_spread`): tubelets
that ignore their clip and sit at one box per query (a collapse into fixed
slots) show a spread across clips far below the ground truth's.

Example::

    python tools/test.py CONFIG CKPT --dump work_dirs/preds.pkl
    python tools/analysis/tubelet_error_analysis.py CONFIG \\
        work_dirs/preds.pkl --out work_dirs/errors.json
"""
import argparse
import copy
import itertools
import json

import numpy as np
from mmengine.config import Config, DictAction
from mmengine.fileio import load
from mmengine.registry import init_default_scope
from tqdm import tqdm

import mmcontinuity  # noqa: F401  (registration first)
from mmaction.registry import METRICS
from mmcontinuity.evaluation.functional import (ORACLE_PARTS, oracle_records,
                                                tubelet_statistics)
from mmcontinuity.utils.annotations import load_act_gt, video_tubes

SHOWN = ('v-mAP@0.2', 'v-mAP@0.5', 'v-mAP@0.75', 'v-mAP@0.5:0.95',
         'f-mAP@0.5')


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config', help='config evaluated by TubeletVideoMAP')
    parser.add_argument('predictions', help='pickle of tools/test.py --dump')
    parser.add_argument('--out', help='write the numbers to this JSON file')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction,
                        help='override config settings (key=value)')
    return parser.parse_args()


def build_metric(cfg):
    """The config's ``TubeletVideoMAP`` (test evaluator) with TubeR
    stitching."""
    evaluators = cfg.test_evaluator
    if isinstance(evaluators, dict):
        evaluators = [evaluators]
    found = [e for e in evaluators if e.get('type') == 'TubeletVideoMAP'
             and e.get('linking', 'tuber') == 'tuber']
    if not found:
        raise ValueError('the config has no TubeletVideoMAP test evaluator '
                         "with linking='tuber'")
    return METRICS.build(copy.deepcopy(found[0]))


def clip_ground_truth(records, metric):
    """Ground truth of every clip on its output frames, and the frame size
    (h, w)."""
    gt = load_act_gt(metric.ann_file)
    videos = {}
    clips = []
    for rec in records:
        video = rec['video_id']
        if video not in videos:
            videos[video] = video_tubes(gt, video)
        sel = videos[video].select(rec['frame_inds'])
        clips.append(dict(boxes=sel['gt_bboxes'], valid=sel['gt_valid'],
                          action_on=sel['gt_action_on'],
                          labels=sel['gt_labels'],
                          size=tuple(gt['resolution'][video])))
    return clips


def box_spread(records, clips_gt):
    """Spread of the tubelets' boxes, normalised by the frame size.

    Each tubelet is reduced to its mean (cx, cy, w, h) over its output
    frames. ``queries``: the standard deviation over the N tubelets of a
    clip, averaged over the clips; ``clips``: the standard deviation over
    the clips of the tubelets of one query index, averaged over the
    queries; ``gt``: the standard deviation over all ground-truth tubelets
    (their valid frames), the spread across clips that boxes following the
    actors would have.

    Args:
        records (list[dict]): ``TubeletVideoMAP`` records of one model
            (``bboxes`` (N, T, 4) pixel xyxy).
        clips_gt (list[dict]): :func:`clip_ground_truth` of the records
            (``boxes`` (K, T, 4) pixel xyxy, ``valid`` (K, T), ``size``).

    Returns:
        dict: ``queries``, ``clips`` and ``gt``, each [cx, cy, w, h].
    """

    def normalised_cxcywh(boxes, size):
        h, w = size
        x0, y0, x1, y1 = np.moveaxis(np.asarray(boxes, np.float64), -1, 0)
        return np.stack(((x0 + x1) / 2 / w, (y0 + y1) / 2 / h,
                         (x1 - x0) / w, (y1 - y0) / h), -1)

    pred = np.stack([
        normalised_cxcywh(r['bboxes'], g['size']).mean(1)
        for r, g in zip(records, clips_gt)
    ])  # (clips, N, 4)
    gt = [
        normalised_cxcywh(g['boxes'][k][g['valid'][k]], g['size']).mean(0)
        for g in clips_gt for k in range(len(g['boxes']))
        if g['valid'][k].any()
    ]
    return dict(queries=pred.std(1).mean(0).tolist(),
                clips=pred.std(0).mean(0).tolist(),
                gt=np.std(gt, 0).tolist() if gt else [np.nan] * 4)


def fmt(values):
    return '(' + ', '.join(f'{v:.3f}' for v in values) + ')'


def main():
    args = parse_args()
    cfg = Config.fromfile(args.config)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    init_default_scope(cfg.get('default_scope', 'mmaction'))
    metric = build_metric(cfg)
    samples = load(args.predictions)
    if not samples:
        raise ValueError(f'{args.predictions} holds no predictions')
    metric.process(None, samples)
    records = metric.results
    clips_gt = clip_ground_truth(records, metric)
    switch_thr = metric.link_cfg.get('switch_thr', 0.5)
    stats = tubelet_statistics(records, clips_gt, switch_thr,
                               metric.box_offset)
    print(f"{len(records)} clips, {stats['matched']} ground-truth tubelets "
          'matched')
    print(f"per-frame IoU {stats['iou']:.3f} (>= 0.5: {stats['iou@0.5']:.3f}"
          f", >= 0.7: {stats['iou@0.7']:.3f}); switch right on "
          f"{stats['switch_on']:.3f} of the acting and "
          f"{stats['switch_off']:.3f} of the idle frames; class right for "
          f"{stats['class_acc']:.3f} of the acting tubelets")
    spread = box_spread(records, clips_gt)
    print('spread (std) of the boxes (cx, cy, w, h) / frame size: across '
          'the tubelets of a clip ' + fmt(spread['queries']) + ', across '
          'the clips for one query ' + fmt(spread['clips']) + ', of the '
          'ground truth across clips ' + fmt(spread['gt']))
    rows = [()] + [c for r in range(1, 4)
                   for c in itertools.combinations(ORACLE_PARTS, r)]
    table = {}
    for parts in tqdm(rows, desc='oracles', unit='row'):
        recs = oracle_records(records, clips_gt, parts, metric.box_offset) \
            if parts else records
        name = 'oracle ' + ' + '.join(parts) if parts else 'predictions'
        table[name] = metric.compute_metrics(recs)
    width = max(map(len, table))
    print(' ' * width + ''.join(f'{k:>16}' for k in SHOWN))
    for name, res in table.items():
        print(f'{name:<{width}}' + ''.join(f'{res[k]:16.2f}' for k in SHOWN
                                           if k in res))
    if args.out:
        with open(args.out, 'w') as f:
            json.dump(dict(statistics=stats, box_spread=spread,
                           metrics=table), f, indent=1)
        print(f'written to {args.out}')


if __name__ == '__main__':
    main()
