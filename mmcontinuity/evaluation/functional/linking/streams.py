"""Dense per-stream detections, the input of the frame and tubelet linkers
(one stream is one (video, class) pair)."""
import numpy as np

from ..box import check_boxes


def check_stream_inputs(boxes, scores, valid, box_ndim):
    """Validate dense detection arrays; return boxes, scores and mask."""
    boxes = check_boxes(boxes, 'boxes')
    scores = np.asarray(scores, dtype=np.float64)
    if boxes.ndim != box_ndim or boxes.shape[:3] != scores.shape:
        raise ValueError(f'boxes {boxes.shape} and scores {scores.shape} '
                         'do not describe (B, T, D) detections')
    valid = np.ones(scores.shape, dtype=bool) if valid is None else \
        np.asarray(valid, dtype=bool)
    if valid.shape != scores.shape:
        raise ValueError(f'valid {valid.shape} must match scores '
                         f'{scores.shape}')
    if not np.isfinite(scores[valid]).all():
        raise ValueError('scores of valid detections must be finite')
    return boxes, np.where(valid, scores, 0.0), valid


def dense_class_streams(steps, labels, scores, items, num_steps, num_classes,
                        top_k):
    """Scatter detections of one video into per-class dense arrays.

    Keeps the ``top_k`` highest-scoring detections of every (class, step),
    the input layout of :func:`link_frame_detections` (items are boxes) and
    :func:`link_tubelets` (items are tubelets).

    Args:
        steps (np.ndarray): ``(n,)`` time step (0-based frame or tubelet
            start) of each detection.
        labels (np.ndarray): ``(n,)`` class.
        scores (np.ndarray): ``(n,)`` class score.
        items (np.ndarray): ``(n, *item_shape)`` boxes or tubelets.
        num_steps (int): Steps ``S`` of the video.
        num_classes (int): Classes ``C``.
        top_k (int): Detections kept per class and step.

    Returns:
        tuple: ``items`` (C, S, top_k, *item_shape), ``scores`` (C, S,
        top_k) and ``valid`` (C, S, top_k) bool.
    """
    steps = np.asarray(steps, dtype=np.int64).reshape(-1)
    labels = np.asarray(labels, dtype=np.int64).reshape(-1)
    scores = np.asarray(scores, dtype=np.float64).reshape(-1)
    items = np.asarray(items, dtype=np.float64)
    n = steps.size
    if not (labels.size == scores.size == len(items) == n):
        raise ValueError('steps, labels, scores and items differ in length')
    if n and (steps.min() < 0 or steps.max() >= num_steps):
        raise ValueError(f'detection steps outside [0, {num_steps})')
    if n and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError(f'detection labels outside [0, {num_classes})')
    order = np.lexsort((np.arange(n), -scores, steps, labels))
    key = labels[order] * num_steps + steps[order]
    first = np.flatnonzero(np.diff(key, prepend=-1) != 0)
    rank = np.arange(n) - np.repeat(first, np.diff(np.r_[first, n]))
    keep = order[rank < top_k]
    rank = rank[rank < top_k]
    shape = (num_classes, num_steps, top_k)
    items_out = np.zeros(shape + items.shape[1:])
    scores_out = np.zeros(shape)
    valid = np.zeros(shape, dtype=bool)
    where = (labels[keep], steps[keep], rank)
    items_out[where] = items[keep]
    scores_out[where] = scores[keep]
    valid[where] = True
    return items_out, scores_out, valid
