"""Error analysis of clip-level tubelet detections (TubeR): which part of
the prediction — boxes, action switch or class — limits video-mAP.

Every clip's predicted tubelets are matched one to one to its ground-truth
tubelets (Hungarian algorithm on the mean IoU over the frames where the
ground truth exists plus the probability of its class, :func:`match_clip`).
The statistics describe the matched pairs; an *oracle* replaces one part of
the matched predictions by the ground truth, so that the video-mAP of the
oracle records, against that of the predictions, tells what a perfect
version of that part would bring.
"""
import numpy as np
from scipy.optimize import linear_sum_assignment

from .box import box_iou_aligned

#: parts of a prediction an oracle can replace
ORACLE_PARTS = ('box', 'switch', 'class')


def match_clip(record, gt, box_offset=1.0):
    """Match the predicted tubelets of a clip to its ground truth.

    The Hungarian algorithm maximises, summed over the pairs, the mean IoU
    over the frames where the ground truth exists plus the probability the
    prediction gives to the ground truth's class (to no action, i.e. one
    minus the sum of its class scores, when the ground truth acts on no
    frame): among predictions on the same actor, the one that the class
    says is its detection is matched, as in TubeR's training matcher.

    Args:
        record (dict): ``bboxes`` (N, T, 4) xyxy boxes and ``scores``
            (N, C) class probabilities of N predictions.
        gt (dict): ``boxes`` (K, T, 4), ``valid`` / ``action_on`` (K, T)
            bool and ``labels`` (K,) of the K ground-truth tubelets.
        box_offset (float): 1 for inclusive-pixel boxes (ACT), 0 else.

    Returns:
        tuple: (M,) prediction and (M,) ground-truth indices of the pairs
        (M = min(N, K)) and their (M, T) per-frame IoU.
    """
    pred_boxes = np.asarray(record['bboxes'], np.float64)
    gt_boxes = np.asarray(gt['boxes'], np.float64)
    valid = np.asarray(gt['valid'], bool)
    if len(pred_boxes) == 0 or len(gt_boxes) == 0:
        empty = np.zeros(0, np.int64)
        return empty, empty, np.zeros((0, pred_boxes.shape[1]))
    # (T, N, K) IoU per frame, averaged over the valid frames of each gt
    iou = box_iou_aligned(pred_boxes.transpose(1, 0, 2)[:, :, None],
                          gt_boxes.transpose(1, 0, 2)[:, None], box_offset)
    mean = (iou * valid.T[:, None, :]).sum(0) / np.maximum(valid.sum(1), 1)
    scores = np.asarray(record['scores'], np.float64)
    prob = np.where(np.asarray(gt['action_on'], bool).any(1)[None],
                    scores[:, gt['labels']],
                    np.clip(1 - scores.sum(1, keepdims=True), 0, 1))
    rows, cols = linear_sum_assignment(-(mean + prob))
    return rows, cols, iou[:, rows, cols].T


def tubelet_statistics(records, clips_gt, switch_thr=0.5, box_offset=1.0):
    """Quality of the matched predictions of all clips.

    Args:
        records (list[dict]): clip predictions, ``bboxes`` (N, T, 4),
            ``scores`` (N, C), ``switch_scores`` (N, T).
        clips_gt (list[dict]): the ground truth of each clip, ``boxes``
            (K, T, 4), ``valid`` / ``action_on`` (K, T) bool, ``labels``
            (K,), in the coordinates of the predictions.
        switch_thr (float): switch score of an "on" frame.
        box_offset (float): see :func:`match_clip`.

    Returns:
        dict: ``iou`` (mean per-frame IoU on the valid frames),
        ``iou@0.5`` / ``iou@0.7`` (fraction of those frames reaching it),
        ``switch_on`` / ``switch_off`` (fraction of the valid acting / idle
        frames whose switch is on / off), ``class_acc`` (fraction of the
        matched acting tubelets whose top class is theirs) and ``matched``
        (number of matched ground-truth tubelets).
    """
    ious, on_ok, off_ok, cls_ok = [], [], [], []
    matched = 0
    for rec, gt in zip(records, clips_gt):
        rows, cols, iou = match_clip(rec, gt, box_offset)
        matched += len(cols)
        valid = gt['valid'][cols]
        acting = gt['action_on'][cols]
        switch_on = rec['switch_scores'][rows] >= switch_thr
        ious.append(iou[valid])
        on_ok.append(switch_on[acting & valid])
        off_ok.append(~switch_on[~acting & valid])
        shows = acting.any(1)
        cls_ok.append(rec['scores'][rows[shows]].argmax(1) ==
                      gt['labels'][cols[shows]])
    ious, on_ok, off_ok, cls_ok = (np.concatenate(x) if x else np.zeros(0)
                                   for x in (ious, on_ok, off_ok, cls_ok))

    def mean(x):
        return float(np.mean(x)) if x.size else float('nan')

    return {'iou': mean(ious), 'iou@0.5': mean(ious >= 0.5),
            'iou@0.7': mean(ious >= 0.7), 'switch_on': mean(on_ok),
            'switch_off': mean(off_ok), 'class_acc': mean(cls_ok),
            'matched': matched}


def oracle_records(records, clips_gt, parts, box_offset=1.0):
    """Records whose matched predictions take the ground truth of ``parts``.

    * ``'box'``: boxes on the frames where the ground truth exists;
    * ``'switch'``: switch scores 1 on its acting frames, 0 elsewhere;
    * ``'class'``: the prediction's highest class score moves to the label
      and the other classes get 0 (all 0 when the ground truth acts on no
      frame of the clip), so that the confidence ranking stays the model's
      and only the class is corrected (as TIDE fixes classification
      errors); unmatched predictions keep their scores.

    Args:
        records (list[dict]): as :func:`tubelet_statistics` (not modified).
        clips_gt (list[dict]): as :func:`tubelet_statistics`.
        parts (Sequence[str]): a subset of :data:`ORACLE_PARTS`.
        box_offset (float): see :func:`match_clip`.

    Returns:
        list[dict]: new records.
    """
    unknown = set(parts) - set(ORACLE_PARTS)
    if unknown:
        raise ValueError(f'unknown oracle parts {sorted(unknown)}, expected '
                         f'a subset of {ORACLE_PARTS}')
    out = []
    for rec, gt in zip(records, clips_gt):
        rec = {k: v.copy() if isinstance(v, np.ndarray) else v
               for k, v in rec.items()}
        rows, cols, _ = match_clip(rec, gt, box_offset)
        if 'box' in parts:
            valid = gt['valid'][cols]
            boxes = rec['bboxes'][rows]
            boxes[valid] = gt['boxes'][cols][valid]
            rec['bboxes'][rows] = boxes
        if 'switch' in parts:
            rec['switch_scores'][rows] = gt['action_on'][cols]
        if 'class' in parts:
            top = rec['scores'][rows].max(1)
            rec['scores'][rows] = 0
            shows = gt['action_on'][cols].any(1)
            rec['scores'][rows[shows], gt['labels'][cols[shows]]] = top[shows]
        out.append(rec)
    return out
