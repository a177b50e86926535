"""Non-maximum suppression of tubelets (before linking) and of tubes (after
linking or stitching)."""
import numpy as np

from ..box import box_iou_aligned
from ..tube import tube_overlap_iou_pairs


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


def check_tube_nms_settings(tube_nms_thr, tube_nms_class_agnostic):
    """Check the tube NMS settings of a metric or an inference call
    (``tube_nms_thr``: None for no NMS, else in [0, 1];
    ``tube_nms_class_agnostic``: a bool, True only with a threshold), so
    that a bad value fails before any tube is built."""
    if tube_nms_thr is not None and not 0 <= tube_nms_thr <= 1:
        raise ValueError(f'tube_nms_thr must be in [0, 1] or None, got '
                         f'{tube_nms_thr}')
    if not isinstance(tube_nms_class_agnostic, (bool, np.bool_)):
        raise TypeError(f'tube_nms_class_agnostic must be a bool, got '
                        f'{tube_nms_class_agnostic!r}')
    if tube_nms_class_agnostic and tube_nms_thr is None:
        raise ValueError('tube_nms_class_agnostic=True needs a tube_nms_thr '
                         '(None: no tube NMS)')


def tube_nms(tubes, iou_thr=0.5, offset=1.0, class_agnostic=False):
    """Greedy NMS of the tubes of every (video, class), or of every video
    with ``class_agnostic``.

    The tubes of one group are visited by decreasing score (ties by index);
    a tube is kept unless its overlap IoU with an already kept tube is
    ``> iou_thr``::

        oIoU(a, b) = 1 / |O| * sum_{t in O} IoU_2d(a_t, b_t),
        O = [s_a, e_a] n [s_b, e_b]  (frames),

    0 when the tubes share no frame; a frame of ``O`` where one tube has no
    box counts as IoU 0 (:func:`~..tube.tube_overlap_iou_pairs`). The mean
    runs over the shared frames only, so a second tube on the same actor at
    the same time (e.g. started by another query for a few clips) is
    suppressed however short it is, and tubes that share no frame never
    suppress each other. The spatio-temporal IoU of video-mAP (``tIoU *
    oIoU``, used by ACT's ``nms3dt``) would keep a short duplicate; in
    exchange, here a tube whose boxes coincide with a better tube's on the
    few frames they share is suppressed as a whole.

    Per class, two tubes of different classes on one actor (a stitcher
    starts a tube for every class a tubelet is likely enough for) are both
    kept; class-agnostic, the lower-scoring one is removed, whatever its
    class, so that an actor keeps one tube per time span. Each class's
    video-AP is computed over that class's tubes only, so there the second
    class's tube is a lost detection (lower recall of that class when the
    actor does it): the class-agnostic mode is meant for presentation
    (the demo), not for the benchmark tables.

    Args:
        tubes (Tubes): Tubes of any videos and classes (e.g. a linker's
            output).
        iou_thr (float): ``oIoU`` above which a tube is suppressed, in
            [0, 1].
        offset (float): Box area convention (1: inclusive pixels, as ACT).
        class_agnostic (bool): Suppress across the classes of a video
            (groups are videos) instead of within each (video, class).

    Returns:
        np.ndarray: ``(n,)`` bool, tube kept (``tubes.select(keep)``).
    """
    if not 0 <= iou_thr <= 1:
        raise ValueError(f'iou_thr must be in [0, 1], got {iou_thr}')
    if not isinstance(class_agnostic, (bool, np.bool_)):
        raise TypeError(f'class_agnostic must be a bool, got '
                        f'{class_agnostic!r}')
    n = len(tubes)
    keep = np.zeros(n, dtype=bool)
    if n == 0:
        return keep
    group = np.zeros(n, np.int64) if class_agnostic else tubes.label
    order = np.lexsort((np.arange(n), -tubes.score, group, tubes.video))
    video, group = tubes.video[order], group[order]
    first = np.flatnonzero((np.diff(video, prepend=-1) != 0) |
                           (np.diff(group, prepend=-1) != 0))
    size = np.diff(np.r_[first, n])
    rank = np.arange(n) - np.repeat(first, size)
    # every pair (i, j) of one group, i visited before j (positions in order)
    later = np.repeat(size, size) - rank - 1
    i = np.repeat(np.arange(n), later)
    j = i + 1 + np.arange(i.size) - np.repeat(np.cumsum(later) - later, later)
    over = tube_overlap_iou_pairs(tubes, order[i], tubes, order[j],
                                  offset) > iou_thr
    i, j = i[over], j[over]
    alive = np.ones(n, dtype=bool)
    for r in range(int(size.max())):  # all groups' r-th tubes at once
        by_kept = alive[i] & (rank[i] == r)
        alive[j[by_kept]] = False
    keep[order] = alive
    return keep
