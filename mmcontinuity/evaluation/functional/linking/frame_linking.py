"""Online linking of frame-level detections (Singh et al., ICCV 2017) with
temporal trimming (:func:`~.packing.viterbi_trim`)."""
import numpy as np

from ..box import box_area
from ..tube import Tubes
from .assignment import LiveTubes
from .packing import fill_gaps, first_rows, split_runs, viterbi_trim
from .streams import check_stream_inputs


# Sentinel coordinate: boxes of free slots sit at (+FAR, +FAR), missing
# detections at (-FAR, -FAR); they overlap nothing (exact in float32).
FAR = 1e7


def overlaps_at_least(boxes1, boxes2, thr):
    """``IoU >= thr`` (inclusive-pixel areas) of broadcast boxes, computed
    as ``inter >= thr * union`` without division (``thr > 0``).

    Args:
        boxes1, boxes2 (np.ndarray): ``(..., 4)`` broadcastable.
        thr (float): IoU threshold in (0, 1].

    Returns:
        np.ndarray: bool of the broadcast shape.
    """
    inter = np.minimum(boxes1[..., 2], boxes2[..., 2])
    inter -= np.maximum(boxes1[..., 0], boxes2[..., 0])
    inter += 1
    np.maximum(inter, 0, out=inter)
    ih = np.minimum(boxes1[..., 3], boxes2[..., 3])
    ih -= np.maximum(boxes1[..., 1], boxes2[..., 1])
    ih += 1
    np.maximum(ih, 0, out=ih)
    inter *= ih
    union = box_area(boxes1, 1) + box_area(boxes2, 1)
    union -= inter
    union *= thr
    return inter >= union


def link_frame_detections(boxes, scores, labels, valid=None, iou_thr=0.1,
                          max_misses=5, alpha=3.0, min_length=1,
                          start_frame=1):
    """Online linking of frame-level detections (Singh et al., ICCV 2017).

    Per stream and frame: live tubes take detections by
    :func:`greedy_assign` with the IoU (``offset=1``) of their last box;
    unassigned detections start new tubes; a tube not extended for
    ``max_misses`` consecutive frames is terminated. Holes are filled by
    linear interpolation of boxes and scores, then :func:`viterbi_trim`
    labels every frame action/background and each maximal action run becomes
    a tube scored by the mean detection score over the run.

    Args:
        boxes (np.ndarray): ``(B, T, D, 4)`` xyxy boxes of ``D`` detections
            per frame (pad with any valid box and ``valid=False``).
        scores (np.ndarray): ``(B, T, D)`` class scores in [0, 1].
        labels (np.ndarray): ``(B,)`` class of each stream.
        valid (np.ndarray, optional): ``(B, T, D)`` bool detection exists.
        iou_thr (float): Minimum IoU with a tube's last box.
        max_misses (int): Consecutive frames without extension that end a
            tube (``k`` of the paper).
        alpha (float): Switch penalty of the temporal labelling.
        min_length (int): Minimum length (frames) of an output tube.
        start_frame (int): Frame number of time step 0.

    Returns:
        Tubes: ``video`` = stream index, ``label`` = its class.
    """
    boxes, scores, valid = check_stream_inputs(boxes, scores, valid, 4)
    if not 0 < iou_thr <= 1:
        raise ValueError(f'iou_thr must be in (0, 1], got {iou_thr}')
    if scores.min(initial=0) < 0 or scores.max(initial=0) > 1:
        raise ValueError('scores must be probabilities in [0, 1] (the '
                         'temporal labelling uses 1 - score as background)')
    num_streams, num_frames = scores.shape[:2]
    # Linking compares boxes in float32 (IoUs differ from float64 by < 1e-6).
    masked = np.where(valid[..., None], boxes, -FAR).astype(np.float32)
    by_frame = np.ascontiguousarray(masked.transpose(1, 2, 0, 3))
    live = LiveTubes(num_streams, (4,), np.float32, FAR)
    for t in range(num_frames):
        det_boxes, det_scores = masked[:, t], scores[:, t]
        eligible = overlaps_at_least(live.last[None],
                                     by_frame[t][:, :, None], iou_thr)
        assign = live.link(eligible, det_boxes, det_scores, t)
        live.misses += live.alive & (assign < 0)
        live.release(live.misses >= max_misses)
        live.start_leftovers(assign, valid[:, t], det_boxes, det_scores, t)
    # A tube whose scores are all < 0.5 is background on every frame (each
    # unary favours background, switches only cost): drop it before trimming.
    best = np.full(live.num_tubes, -np.inf)
    for tube, stream, frame, det in (e.T for e in live.events):
        np.maximum.at(best, tube, scores[stream, frame, det])
    tube, stream, frame, det = live.event_table(best >= 0.5).T
    if tube.size == 0:
        return Tubes.empty()
    values = np.concatenate([boxes[stream, frame, det],
                             scores[stream, frame, det, None]], 1)
    ptr, frames, values = fill_gaps(tube, frame, values)
    keep = viterbi_trim(values[:, 4], ptr, alpha)
    return split_runs(ptr, frames + start_frame, values[:, :4], values[:, 4],
                      keep, stream[first_rows(tube)], labels, min_length)
