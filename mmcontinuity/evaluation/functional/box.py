"""Axis-aligned box checks and IoUs (boxes are ``x1, y1, x2, y2``).

Two area conventions exist in the action-detection literature and both are
supported through ``offset``:

* ``offset=1`` (default of the tube metrics, as the ACT detector's
  ``area2d``/``overlap2d`` of Kalogeiton et al., ICCV 2017): boxes are
  inclusive pixel boxes, width ``x2 - x1 + 1``; a box with ``x1 == x2``
  covers one pixel column.
* ``offset=0``: continuous boxes, width ``x2 - x1`` (COCO, AVA's normalised
  boxes); a box with ``x1 == x2`` has zero area.

IoU of two zero-area boxes (empty union) is defined as 0.
"""
import numpy as np


def check_boxes(boxes, name='boxes'):
    """Validate an array of boxes and return it as float64.

    Args:
        boxes (array-like): ``(..., 4)`` boxes ``x1, y1, x2, y2``.
        name (str): Name used in error messages.

    Returns:
        np.ndarray: ``(..., 4)`` float64 copy-free view when possible.

    Raises:
        ValueError: if the last dimension is not 4, a coordinate is not
            finite, or corners are in the wrong order (``x2 < x1`` or
            ``y2 < y1``).
    """
    boxes = np.asarray(boxes, dtype=np.float64)
    if boxes.ndim == 0 or boxes.shape[-1] != 4:
        raise ValueError(f'{name} must have shape (..., 4), got {boxes.shape}')
    if not np.isfinite(boxes).all():
        bad = np.argwhere(~np.isfinite(boxes).all(-1))[0]
        raise ValueError(f'{name} has a non-finite coordinate at index '
                         f'{tuple(int(i) for i in bad)}')
    for lo, hi, axis in ((0, 2, 'x'), (1, 3, 'y')):
        wrong = boxes[..., hi] < boxes[..., lo]
        if wrong.any():
            idx = tuple(int(i) for i in np.argwhere(wrong)[0])
            raise ValueError(
                f'{name} has {axis}2 < {axis}1 at index {idx} '
                f'({boxes[idx].tolist()}): boxes must be x1, y1, x2, y2 '
                'with x2 >= x1 and y2 >= y1')
    return boxes


def box_area(boxes, offset=1.0):
    """Areas ``(w + offset) * (h + offset)`` of ``(..., 4)`` boxes."""
    return ((boxes[..., 2] - boxes[..., 0] + offset) *
            (boxes[..., 3] - boxes[..., 1] + offset))


def _safe_ratio(inter, union):
    """``inter / union`` with 0 where the union is empty."""
    out = np.zeros(np.broadcast(inter, union).shape, dtype=np.float64)
    np.divide(inter, union, out=out, where=union > 0)
    return out


def box_iou_aligned(boxes1, boxes2, offset=1.0):
    """IoU of boxes paired element-wise (broadcasting leading dims).

    Args:
        boxes1 (np.ndarray): ``(..., 4)``.
        boxes2 (np.ndarray): ``(..., 4)``, broadcastable with ``boxes1``.
        offset (float): 1 for inclusive pixel boxes, 0 for continuous boxes.

    Returns:
        np.ndarray: ``(...)`` IoUs in [0, 1].
    """
    iw = (np.minimum(boxes1[..., 2], boxes2[..., 2]) -
          np.maximum(boxes1[..., 0], boxes2[..., 0]) + offset)
    ih = (np.minimum(boxes1[..., 3], boxes2[..., 3]) -
          np.maximum(boxes1[..., 1], boxes2[..., 1]) + offset)
    inter = np.maximum(iw, 0) * np.maximum(ih, 0)
    union = box_area(boxes1, offset) + box_area(boxes2, offset) - inter
    if offset > 0:  # every box covers at least one pixel: union >= 1
        return inter / union
    return _safe_ratio(inter, union)


def box_iou(boxes1, boxes2, offset=1.0, check=True):
    """Pairwise IoU matrix.

    Args:
        boxes1 (array-like): ``(N, 4)``.
        boxes2 (array-like): ``(M, 4)``.
        offset (float): 1 for inclusive pixel boxes, 0 for continuous boxes.
        check (bool): Validate the boxes (see :func:`check_boxes`).

    Returns:
        np.ndarray: ``(N, M)`` IoUs.
    """
    if check:
        boxes1 = check_boxes(boxes1, 'boxes1').reshape(-1, 4)
        boxes2 = check_boxes(boxes2, 'boxes2').reshape(-1, 4)
    return box_iou_aligned(boxes1[:, None], boxes2[None], offset)
