"""Greedy detection-to-ground-truth matching, vectorised over groups.

The protocol of ACT's ``frameAP``/``videoAP`` (Kalogeiton et al., ICCV 2017):
detections are visited in descending score order; each is compared with the
ground truths of its group (same frame or video, same class) that are still
unmatched, takes the one of highest IoU (first one on ties) and is a true
positive iff that IoU is ``>= iou_thr``; the ground truth is then removed.
A second detection of an already matched ground truth (a duplicate) can only
match another ground truth, otherwise it is a false positive.

Matching in different groups is independent, so the loop runs over the rank
of a detection inside its group (a handful of steps) and every step handles
all groups at once.
"""
import numpy as np


def encode_keys(columns, spans):
    """Combine integer columns into one int64 key per row (lexicographic).

    Args:
        columns (Sequence[np.ndarray]): ``(N,)`` integer arrays with
            ``0 <= columns[i] < spans[i]``.
        spans (Sequence[int]): Exclusive upper bound of each column; use the
            same spans for all arrays whose keys are compared.

    Returns:
        np.ndarray: ``(N,)`` int64 keys, ordered like the tuples.
    """
    if np.prod([float(s) for s in spans]) >= np.iinfo(np.int64).max:
        raise ValueError(f'key spans {spans} overflow int64')
    key = np.zeros(len(columns[0]), dtype=np.int64)
    for col, span in zip(columns, spans):
        col = np.asarray(col, dtype=np.int64)
        if col.size and (col.min() < 0 or col.max() >= span):
            raise ValueError(f'key column outside [0, {span})')
        key = key * int(span) + col
    return key


def group_ground_truth(gt_keys):
    """Sort ground truths by key and find each key's slice.

    Returns:
        tuple: ``order`` (G,) ground-truth indices sorted by key,
        ``uniq`` (K,) sorted unique keys, ``start`` (K,) first position of
        each key in ``order``, ``count`` (K,) ground truths per key.
    """
    order = np.argsort(gt_keys, kind='stable')
    uniq, start, count = np.unique(
        np.asarray(gt_keys)[order], return_index=True, return_counts=True)
    return order, uniq, start, count


def lookup_groups(det_keys, uniq):
    """Index of each detection key in the sorted ``uniq`` (-1 where absent)."""
    det_keys = np.asarray(det_keys, dtype=np.int64)
    if len(uniq) == 0:
        return np.full(det_keys.shape, -1, dtype=np.int64)
    pos = np.minimum(np.searchsorted(uniq, det_keys), len(uniq) - 1)
    return np.where(uniq[pos] == det_keys, pos, -1)


def padded_members(group, order, start, count):
    """Ground-truth indices of each detection's group, padded with -1.

    Args:
        group (np.ndarray): ``(N,)`` group of each detection (-1: none).
        order, start, count: output of :func:`group_ground_truth`.

    Returns:
        np.ndarray: ``(N, G)`` ground-truth indices, ``G`` the largest
        group size (at least 1).
    """
    group = np.asarray(group, dtype=np.int64)
    if count.size == 0:
        return np.full((group.size, 1), -1, dtype=np.int64)
    cols = np.arange(int(count.max()))
    g = np.maximum(group, 0)
    valid = (group[:, None] >= 0) & (cols < count[g][:, None])
    idx = np.minimum(start[g][:, None] + cols, order.size - 1)
    return np.where(valid, order[idx], -1)


def greedy_match(group, scores, ious, iou_thrs):
    """Mark true positives by greedy matching inside groups.

    Args:
        group (np.ndarray): ``(N,)`` group index of each detection (-1: its
            group has no ground truth, always a false positive).
        scores (np.ndarray): ``(N,)`` detection scores.
        ious (np.ndarray): ``(N, G)`` IoU of each detection with the ``G``
            (padded) ground truths of its group; padding entries are < 0.
        iou_thrs (Sequence[float]): IoU thresholds.

    Returns:
        np.ndarray: ``(len(iou_thrs), N)`` bool true-positive flags.
    """
    group = np.asarray(group, dtype=np.int64)
    iou_thrs = np.atleast_1d(np.asarray(iou_thrs, dtype=np.float64))
    tp = np.zeros((iou_thrs.size, group.size), dtype=bool)
    sel = np.flatnonzero(group >= 0)
    if sel.size == 0:
        return tp
    # Sort by group, then score (descending), then input order.
    order = sel[np.lexsort((sel, -np.asarray(scores)[sel], group[sel]))]
    g = group[order]
    first = np.r_[0, np.flatnonzero(np.diff(g)) + 1]
    run_len = np.diff(np.r_[first, g.size])
    rank = np.arange(g.size) - np.repeat(first, run_len)
    _, slot = np.unique(g, return_inverse=True)
    n_slots, n_ranks, n_gt = first.size, int(rank.max()) + 1, ious.shape[1]
    table = np.full((n_slots, n_ranks, n_gt), -np.inf)
    table[slot, rank] = np.where(ious[order] < 0, -np.inf, ious[order])
    det_at = np.full((n_slots, n_ranks), -1, dtype=np.int64)
    det_at[slot, rank] = order
    rows = np.arange(n_slots)
    for k, thr in enumerate(iou_thrs):
        taken = np.zeros((n_slots, n_gt), dtype=bool)
        for r in range(n_ranks):
            cand = np.where(taken, -np.inf, table[:, r])
            best = np.argmax(cand, axis=1)
            ok = (cand[rows, best] >= thr) & (det_at[:, r] >= 0)
            taken[rows[ok], best[ok]] = True
            tp[k, det_at[ok, r]] = True
    return tp
