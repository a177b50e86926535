"""Non-maximum suppression of tubelets."""
import numpy as np

from ..box import box_iou_aligned


def tubelet_iou_aligned(boxes1, boxes2, offset=1.0):
    """Mean per-frame IoU of tubelets paired element-wise (broadcast), as
    ACT's ``iou3d`` of two tubelets on the same ``K`` frames; the (N, M)
    matrix of every pair is TubeR TTA's ``tubelet_iou_pairwise``.

    Args:
        boxes1 (np.ndarray): ``(..., K, 4)``.
        boxes2 (np.ndarray): ``(..., K, 4)`` (broadcastable).
        offset (float): 1 for inclusive-pixel box areas (ACT), 0 else.

    Returns:
        np.ndarray: ``(...)`` mean over the ``K`` frames.
    """
    return box_iou_aligned(boxes1, boxes2, offset).mean(-1)


def tubelet_nms(boxes, scores, valid, iou_thr=0.3, top_k=10):
    """Greedy tubelet NMS (ACT ``nms_tubelets``) of every stream.

    Tubelets are visited by decreasing score; one is kept unless its
    :func:`tubelet_iou_aligned` with an already kept tubelet exceeds
    ``iou_thr``; at most ``top_k`` are kept.

    Args:
        boxes (np.ndarray): ``(B, D, K, 4)``.
        scores (np.ndarray): ``(B, D)``.
        valid (np.ndarray): ``(B, D)`` bool.

    Returns:
        np.ndarray: ``(B, D)`` bool kept.
    """
    num, width = scores.shape
    order = np.argsort(-np.where(valid, scores, -np.inf), axis=1,
                       kind='stable')
    rows = np.arange(num)
    ordered = boxes[rows[:, None], order]
    overlap = tubelet_iou_aligned(ordered[:, :, None], ordered[:, None])
    alive = valid[rows[:, None], order].copy()
    keep = np.zeros((num, width), dtype=bool)
    kept = np.zeros(num, dtype=np.int64)
    for i in range(width):
        take = alive[:, i] & (kept < top_k)
        keep[rows[take], order[take, i]] = True
        kept += take
        alive &= ~(take[:, None] & (overlap[:, i] > iou_thr))
    return keep
