"""DAVIS-2016 region similarity J and contour accuracy F.

Definitions of Perazzi et al. (CVPR 2016), used for Table 5.8 of the thesis:

* ``J`` of a frame: IoU of the predicted and ground-truth masks; 1 when both
  are empty.
* ``F`` of a frame: F-measure ``2PR / (P + R)`` of boundary precision and
  recall. Boundaries are the one-pixel-thin maps of :func:`mask_boundary`;
  a predicted boundary pixel is correct when a ground-truth boundary pixel
  lies within ``ceil(bound_th * diagonal)`` pixels (a disk), and vice versa
  for recall (``bound_th = 0.008`` of the image diagonal). Empty boundaries:
  both empty gives P = R = 1; only the prediction empty gives P = 1, R = 0;
  only the ground truth empty gives P = 0, R = 1; F = 0 when P + R = 0.
* Per sequence, over its frames (by default without the first frame, which
  is given in the semi-supervised task, and the last one, as the DAVIS
  toolkit): ``mean``; ``recall`` = fraction of frames with value > 0.5;
  ``decay`` = mean of the first quarter of the frames minus mean of the
  last quarter (quarter bounds ``round(linspace(1, T, 5)) - 1``, inclusive).
* Data set: average over sequences of the per-sequence statistics.
"""
import math

import numpy as np
from scipy import ndimage

BOUND_TH = 0.008


def _check_masks(pred, gt):
    """Validate ``(T, H, W)`` (or ``(H, W)``) mask pairs; return bool."""
    pred, gt = np.asarray(pred), np.asarray(gt)
    if pred.shape != gt.shape or pred.ndim not in (2, 3):
        raise ValueError(f'pred {pred.shape} and gt {gt.shape} must be equal '
                         '(H, W) or (T, H, W) masks')
    for name, m in (('pred', pred), ('gt', gt)):
        if m.dtype != bool and not np.isin(m, (0, 1)).all():
            raise ValueError(f'{name} must be a binary mask (0/1 or bool)')
    return pred.astype(bool), gt.astype(bool)


def region_similarity(pred, gt):
    """Per-frame J (mask IoU, 1 for two empty masks).

    Args:
        pred, gt (np.ndarray): ``(T, H, W)`` or ``(H, W)`` binary masks.

    Returns:
        np.ndarray: ``(T,)`` (or scalar array) J values.
    """
    pred, gt = _check_masks(pred, gt)
    inter = (pred & gt).sum((-2, -1))
    union = (pred | gt).sum((-2, -1))
    return np.where(union > 0, inter / np.maximum(union, 1), 1.0)


def mask_boundary(mask):
    """One-pixel-thin boundary of ``(..., H, W)`` binary masks.

    A pixel is a boundary pixel when it differs from its right, lower or
    lower-right neighbour (pixels outside the image count as background only
    along the last row and column, where the missing neighbours are
    ignored), the convention of the DAVIS ``seg2bmap``.
    """
    mask = np.asarray(mask, dtype=bool)
    right = np.zeros_like(mask)
    right[..., :, :-1] = mask[..., :, 1:]
    down = np.zeros_like(mask)
    down[..., :-1, :] = mask[..., 1:, :]
    diag = np.zeros_like(mask)
    diag[..., :-1, :-1] = mask[..., 1:, 1:]
    edge = (mask ^ right) | (mask ^ down) | (mask ^ diag)
    edge[..., -1, :] = mask[..., -1, :] ^ right[..., -1, :]
    edge[..., :, -1] = mask[..., :, -1] ^ down[..., :, -1]
    edge[..., -1, -1] = False
    return edge


def _disk(radius):
    """``(2r+1, 2r+1)`` bool disk ``x^2 + y^2 <= r^2``."""
    y, x = np.mgrid[-radius:radius + 1, -radius:radius + 1]
    return x * x + y * y <= radius * radius


def contour_accuracy(pred, gt, bound_th=BOUND_TH):
    """Per-frame F (boundary F-measure, see module docstring).

    Args:
        pred, gt (np.ndarray): ``(T, H, W)`` or ``(H, W)`` binary masks.
        bound_th (float): Tolerance as a fraction of the image diagonal
            (values >= 1 are pixels).

    Returns:
        np.ndarray: ``(T,)`` (or scalar array) F values.
    """
    pred, gt = _check_masks(pred, gt)
    h, w = pred.shape[-2:]
    radius = int(bound_th if bound_th >= 1 else
                 math.ceil(bound_th * math.hypot(h, w)))
    struct = _disk(radius).reshape((1,) * (pred.ndim - 2) + (2 * radius + 1,)
                                   * 2)
    pred_b, gt_b = mask_boundary(pred), mask_boundary(gt)
    pred_dil = ndimage.binary_dilation(pred_b, struct)
    gt_dil = ndimage.binary_dilation(gt_b, struct)
    n_pred, n_gt = pred_b.sum((-2, -1)), gt_b.sum((-2, -1))
    precision = np.where(n_pred > 0, (pred_b & gt_dil).sum((-2, -1)) /
                         np.maximum(n_pred, 1), 1.0)
    recall = np.where(n_gt > 0, (gt_b & pred_dil).sum((-2, -1)) /
                      np.maximum(n_gt, 1), 1.0)
    denom = precision + recall
    return np.where(denom > 0, 2 * precision * recall /
                    np.maximum(denom, 1e-12), 0.0)


def sequence_statistics(values, exclude_first_last=True):
    """``mean``, ``recall`` (> 0.5) and ``decay`` of per-frame values.

    Args:
        values (np.ndarray): ``(T,)`` per-frame J or F.
        exclude_first_last (bool): Drop the first and last frame (DAVIS
            toolkit); needs ``T >= 3``.

    Returns:
        dict: ``mean``, ``recall``, ``decay`` floats.
    """
    values = np.asarray(values, dtype=np.float64).reshape(-1)
    if exclude_first_last:
        if values.size < 3:
            raise ValueError('a sequence needs at least 3 frames when the '
                             'first and last frames are excluded')
        values = values[1:-1]
    if values.size == 0:
        raise ValueError('no frames to evaluate')
    # DAVIS toolkit bins: 4 quarters of the frames, neighbours share an end.
    ids = (np.round(np.linspace(1, values.size, 5) + 1e-10) - 1).astype(int)
    decay = values[ids[0]:ids[1] + 1].mean() - values[ids[3]:ids[4] + 1].mean()
    return dict(mean=float(values.mean()), recall=float(np.mean(values > .5)),
                decay=float(decay))


def davis_j_and_f(sequences, bound_th=BOUND_TH, exclude_first_last=True):
    """Data-set J and F statistics and their mean ``J&F``.

    Args:
        sequences (Iterable[tuple]): ``(pred, gt)`` pairs of ``(T, H, W)``
            binary masks, one pair per sequence.
        bound_th (float): See :func:`contour_accuracy`.
        exclude_first_last (bool): See :func:`sequence_statistics`.

    Returns:
        dict: ``J_mean``, ``J_recall``, ``J_decay``, ``F_mean``,
        ``F_recall``, ``F_decay`` (averages over sequences) and
        ``J&F_mean``.
    """
    stats = {}
    for pred, gt in sequences:
        for name, values in (('J', region_similarity(pred, gt)),
                             ('F', contour_accuracy(pred, gt, bound_th))):
            for key, v in sequence_statistics(values,
                                              exclude_first_last).items():
                stats.setdefault(f'{name}_{key}', []).append(v)
    if not stats:
        raise ValueError('no sequences to evaluate')
    out = {k: float(np.mean(v)) for k, v in stats.items()}
    out['J&F_mean'] = (out['J_mean'] + out['F_mean']) / 2
    return out
