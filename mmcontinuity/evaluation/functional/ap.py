"""Average precision from ranked true/false positive flags.

Two definitions are offered (``mode``):

* ``'act'`` (default): the ACT detector's ``pr_to_ap`` (Kalogeiton et al.,
  ICCV 2017). The precision/recall curve starts at ``(recall 0, precision
  1)``, has one point after every ranked detection, and AP is the trapezoid
  area under the raw (not interpolated) curve:
  ``AP = sum_i (r_i - r_{i-1}) * (p_i + p_{i-1}) / 2``.
* ``'voc'``: PASCAL VOC 2010+ all-point AP: precision is replaced by its
  monotone upper envelope ``p~(r) = max_{r' >= r} p(r')`` and
  ``AP = sum_i (r_i - r_{i-1}) * p~(r_i)``.

Recall is ``TP / num_gt`` over all ground truths of the class, so missed
ground truths lower AP in both modes; without detections AP is 0.
Detections with equal scores keep their input order (stable sort).
"""
import numpy as np

AP_MODES = ('act', 'voc')


def rank_by_score(scores):
    """Indices sorting ``scores`` in descending order, ties in input order."""
    return np.argsort(-np.asarray(scores, dtype=np.float64), kind='stable')


def precision_recall(tp, num_gt):
    """Precision and recall after each ranked detection.

    Args:
        tp (np.ndarray): ``(N,)`` bool, detection ``i`` (in descending score
            order) is a true positive.
        num_gt (int): Number of ground truths (> 0).

    Returns:
        tuple[np.ndarray, np.ndarray]: precision ``(N,)`` and recall ``(N,)``.
    """
    if num_gt <= 0:
        raise ValueError(f'num_gt must be positive, got {num_gt}')
    tp = np.asarray(tp, dtype=bool)
    ctp = np.cumsum(tp)
    precision = ctp / np.arange(1, tp.size + 1)
    recall = ctp / num_gt
    return precision, recall


def average_precision(tp, num_gt, mode='act'):
    """AP of ranked detections (see module docstring for ``mode``).

    Args:
        tp (np.ndarray): ``(N,)`` bool true-positive flags in descending
            score order.
        num_gt (int): Number of ground truths (> 0).
        mode (str): ``'act'`` (trapezoid, ACT) or ``'voc'`` (all-point).

    Returns:
        float: AP in [0, 1].
    """
    if mode not in AP_MODES:
        raise ValueError(f'mode must be one of {AP_MODES}, got {mode!r}')
    precision, recall = precision_recall(tp, num_gt)
    if mode == 'act':
        p = np.concatenate([[1.0], precision])
        r = np.concatenate([[0.0], recall])
        return float(np.sum(np.diff(r) * (p[1:] + p[:-1]) / 2))
    envelope = np.maximum.accumulate(precision[::-1])[::-1]
    r = np.concatenate([[0.0], recall])
    return float(np.sum(np.diff(r) * envelope))


def per_class_ap(labels, scores, tp, num_gt, mode='act'):
    """AP of every class.

    Args:
        labels (np.ndarray): ``(N,)`` class index of each detection.
        scores (np.ndarray): ``(N,)`` detection scores.
        tp (np.ndarray): ``(N,)`` bool true-positive flags.
        num_gt (np.ndarray): ``(C,)`` ground truths per class.
        mode (str): AP definition, see :func:`average_precision`.

    Returns:
        np.ndarray: ``(C,)`` AP; NaN exactly for classes without ground
        truth (AP is undefined there; :func:`mean_ap` skips them).
    """
    labels = np.asarray(labels, dtype=np.int64)
    num_gt = np.asarray(num_gt, dtype=np.int64)
    order = rank_by_score(scores)
    labels, tp = labels[order], np.asarray(tp, dtype=bool)[order]
    ap = np.full(num_gt.shape, np.nan)
    for c in np.flatnonzero(num_gt > 0):
        ap[c] = average_precision(tp[labels == c], num_gt[c], mode)
    return ap


def mean_ap(ap, num_gt):
    """Mean AP over classes that have ground truth.

    Raises:
        ValueError: if no class has ground truth.
    """
    has_gt = np.asarray(num_gt) > 0
    if not has_gt.any():
        raise ValueError('no class has ground truth: mAP is undefined')
    return float(np.mean(np.asarray(ap)[has_gt]))
