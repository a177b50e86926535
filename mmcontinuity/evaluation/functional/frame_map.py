"""Frame-mAP (UCF101-24, J-HMDB-21, UCF-Sports), as ACT's ``frameAP``.

Every (video, frame) of the evaluated videos counts. For class ``c`` the
ground truths are the boxes of all ``c`` tubes on all their frames; a
detection of class ``c`` is matched greedily (see :mod:`.matching`) to the
unmatched ground-truth boxes of class ``c`` on the same frame of the same
video, so a detection on a frame without a class-``c`` box is a false
positive. AP per class (:mod:`.ap`), mAP over classes with ground truth.
"""
import numpy as np

from .ap import mean_ap, per_class_ap
from .box import box_iou_aligned, check_boxes
from .matching import (encode_keys, greedy_match, group_ground_truth,
                       lookup_groups, padded_members)

FRAME_KEYS = ('video', 'frame', 'label')


def check_columns(data, names, what):
    """Validate a dict of per-box columns and return them as arrays.

    Args:
        data (dict): Must hold every key of ``names`` and ``'bboxes'``.
        names (Sequence[str]): Integer (or score) columns, shape ``(N,)``.
        what (str): Name used in error messages.

    Returns:
        dict: ``names`` as 1-D arrays and ``'bboxes'`` as ``(N, 4)`` float64.
    """
    missing = [k for k in (*names, 'bboxes') if k not in data]
    if missing:
        raise ValueError(f'{what} lacks keys {missing}')
    out = {k: np.asarray(data[k]).reshape(-1) for k in names}
    out['bboxes'] = check_boxes(
        np.asarray(data['bboxes'], dtype=np.float64).reshape(-1, 4),
        f'{what}["bboxes"]')
    n = len(out['bboxes'])
    bad = [k for k in names if len(out[k]) != n]
    if bad:
        raise ValueError(f'{what} columns {bad} do not have {n} entries '
                         'like its bboxes')
    return out


def frame_map(detections, ground_truth, num_classes, iou_thr=0.5,
              mode='act', offset=1.0):
    """Frame-level mean average precision.

    Args:
        detections (dict): ``video`` (N,) int, ``frame`` (N,) int,
            ``label`` (N,) int in ``[0, num_classes)``, ``score`` (N,),
            ``bboxes`` (N, 4) xyxy.
        ground_truth (dict): ``video``, ``frame``, ``label`` (G,) and
            ``bboxes`` (G, 4), one row per annotated box.
        num_classes (int): Number of classes ``C``.
        iou_thr (float): IoU threshold of a true positive.
        mode (str): ``'act'`` or ``'voc'`` AP (:mod:`.ap`).
        offset (float): Box area convention (:mod:`.box`), 1 as ACT.

    Returns:
        dict: ``ap`` (C,) (NaN for classes without ground truth),
        ``num_gt`` (C,), ``mAP`` float, ``tp`` (N,) bool.
    """
    det = check_columns(detections, (*FRAME_KEYS, 'score'), 'detections')
    finite = np.isfinite(det['score'].astype(np.float64))
    if not finite.all():
        raise ValueError(f'detections["score"] is not finite at index '
                         f'{int(np.flatnonzero(~finite)[0])}')
    gt = check_columns(ground_truth, FRAME_KEYS, 'ground_truth')
    if len(gt['bboxes']) == 0:
        raise ValueError('ground_truth has no boxes: frame-mAP is undefined')
    for name, d in (('detections', det), ('ground_truth', gt)):
        if d['label'].size and not (0 <= d['label'].min() and
                                    d['label'].max() < num_classes):
            raise ValueError(f'{name} labels outside [0, {num_classes})')
    spans = [int(max(det[k].max(initial=0), gt[k].max(initial=0))) + 1
             for k in FRAME_KEYS]
    gt_keys = encode_keys([gt[k] for k in FRAME_KEYS], spans)
    det_keys = encode_keys([det[k] for k in FRAME_KEYS], spans)
    order, uniq, start, count = group_ground_truth(gt_keys)
    group = lookup_groups(det_keys, uniq)
    members = padded_members(group, order, start, count)
    ious = box_iou_aligned(det['bboxes'][:, None],
                           gt['bboxes'][np.maximum(members, 0)], offset)
    ious[members < 0] = -1
    tp = greedy_match(group, det['score'], ious, [iou_thr])[0]
    num_gt = np.bincount(gt['label'].astype(np.int64), minlength=num_classes)
    ap = per_class_ap(det['label'], det['score'], tp, num_gt, mode)
    return dict(ap=ap, num_gt=num_gt, mAP=mean_ap(ap, num_gt), tp=tp)
