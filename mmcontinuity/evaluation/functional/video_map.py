"""Video-mAP of action tubes, as ACT's ``videoAP`` (Kalogeiton et al. 2017).

For class ``c``: all detected ``c`` tubes of all test videos are ranked by
score; each is matched greedily (:mod:`.matching`) to the still unmatched
ground-truth ``c`` tubes of its video by the spatio-temporal IoU
(:mod:`.tube`); IoU ``>= thr`` makes a true positive. AP per class
(:mod:`.ap`, trapezoid by default), mAP over classes with ground truth.
The thesis reports 0.2, 0.5, 0.75 and the average over 0.5:0.95 (step
0.05), Sections 4.4 and 6.4.
"""
import numpy as np

from .ap import mean_ap, per_class_ap
from .matching import (encode_keys, greedy_match, group_ground_truth,
                       lookup_groups, padded_members)
from .tube import tube_iou_pairs

COCO_THRS = tuple(np.round(np.arange(0.5, 0.951, 0.05), 2).tolist())
REPORTED_THRS = (0.2, 0.5, 0.75)


def tube_match_ious(det, gt, offset=1.0):
    """IoU of every detected tube with the ground truths of its group.

    A group is a (video, class) pair.

    Returns:
        tuple: ``group`` (N,) group index of each detected tube (-1: no
        ground truth of its class in its video) and ``ious`` (N, G) padded
        with -1.
    """
    spans = [int(max(det.video.max(initial=0), gt.video.max(initial=0))) + 1,
             int(max(det.label.max(initial=0), gt.label.max(initial=0))) + 1]
    order, uniq, start, count = group_ground_truth(
        encode_keys([gt.video, gt.label], spans))
    group = lookup_groups(encode_keys([det.video, det.label], spans), uniq)
    members = padded_members(group, order, start, count)
    pair_det, pair_col = np.nonzero(members >= 0)
    ious = np.full(members.shape, -1.0)
    ious[pair_det, pair_col] = tube_iou_pairs(
        det, pair_det, gt, members[pair_det, pair_col], offset)
    return group, ious


def video_map(det_tubes, gt_tubes, num_classes, iou_thrs=REPORTED_THRS,
              mode='act', offset=1.0):
    """Video-level mean average precision at several IoU thresholds.

    Args:
        det_tubes (Tubes): Detected tubes with scores.
        gt_tubes (Tubes): Ground-truth tubes of the evaluated videos.
        num_classes (int): Number of classes ``C``.
        iou_thrs (Sequence[float]): ``K`` IoU thresholds.
        mode (str): ``'act'`` or ``'voc'`` AP (:mod:`.ap`).
        offset (float): Box area convention (:mod:`.box`), 1 as ACT.

    Returns:
        dict: ``iou_thrs`` (K,), ``ap`` (K, C) (NaN for classes without
        ground truth), ``num_gt`` (C,), ``mAP`` (K,), ``tp`` (K, N) bool.
    """
    if len(gt_tubes) == 0:
        raise ValueError('no ground-truth tubes: video-mAP is undefined')
    for name, t in (('det_tubes', det_tubes), ('gt_tubes', gt_tubes)):
        if t.label.size and not (0 <= t.label.min() and
                                 t.label.max() < num_classes):
            raise ValueError(f'{name} labels outside [0, {num_classes})')
    iou_thrs = np.atleast_1d(np.asarray(iou_thrs, dtype=np.float64))
    group, ious = tube_match_ious(det_tubes, gt_tubes, offset)
    tp = greedy_match(group, det_tubes.score, ious, iou_thrs)
    num_gt = np.bincount(gt_tubes.label, minlength=num_classes)
    ap = np.stack([per_class_ap(det_tubes.label, det_tubes.score, t, num_gt,
                                mode) for t in tp])
    maps = np.array([mean_ap(a, num_gt) for a in ap])
    return dict(iou_thrs=iou_thrs, ap=ap, num_gt=num_gt, mAP=maps, tp=tp)


def summarize_video_map(result):
    """Named mAPs: ``'v-mAP@<thr>'`` for each threshold and, when all of
    0.5:0.95 were evaluated, their mean as ``'v-mAP@0.5:0.95'``."""
    thrs, first = np.unique(np.round(result['iou_thrs'], 2),
                            return_index=True)  # a repeated threshold once
    maps = np.asarray(result['mAP'])[first]
    out = {f'v-mAP@{t:g}': float(m) for t, m in zip(thrs, maps)}
    coco = np.isin(thrs, COCO_THRS)
    if coco.sum() == len(COCO_THRS):
        out['v-mAP@0.5:0.95'] = float(np.mean(maps[coco]))
    return out
