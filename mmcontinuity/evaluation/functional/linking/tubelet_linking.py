"""ACT tubelet linking (Kalogeiton et al., ICCV 2017)."""
import numpy as np

from ..box import box_iou_aligned
from ..tube import Tubes
from .assignment import LiveTubes
from .nms import tubelet_nms
from .packing import average_rows, first_rows
from .streams import check_stream_inputs


def link_tubelets(boxes, scores, labels, valid=None, nms_thr=0.3, top_k=10,
                  iou_thr=0.2, min_score=0.01, min_length=15, start_frame=1):
    """ACT tubelet linking (Kalogeiton et al., ICCV 2017, Sec. 3.3).

    At time step ``t`` the tubelets starting at ``t`` (after
    :func:`tubelet_nms`) are assigned to live tubes by :func:`greedy_assign`
    with the mean IoU over the frames a tube's last tubelet shares with the
    new tubelet (``K - offset`` frames, ``offset`` = steps since that
    tubelet), or, once they share none, the IoU between the last box of the
    tube and the first box of the tubelet. A tube that gets no tubelet while
    sharing no frame with it ends. Leftover tubelets start tubes. Output box
    and score of a frame = mean over the tube's tubelets covering it; tube
    score = mean of its tubelet scores; tubes with score < ``min_score`` or
    fewer than ``min_length`` frames are dropped.

    Args:
        boxes (np.ndarray): ``(B, T, D, K, 4)``, tubelet ``d`` starting at
            step ``t`` of stream ``b``.
        scores (np.ndarray): ``(B, T, D)`` class scores.
        labels (np.ndarray): ``(B,)`` class of each stream.
        valid (np.ndarray, optional): ``(B, T, D)`` bool tubelet exists.
        start_frame (int): Frame number of step 0.

    Returns:
        Tubes: ``video`` = stream index, ``label`` = its class.
    """
    boxes, scores, valid = check_stream_inputs(boxes, scores, valid, 5)
    num_streams, num_steps, _, k = boxes.shape[:4]
    live = LiveTubes(num_streams, (k, 4))
    frame_idx = np.arange(k)
    for t in range(num_steps):
        keep = tubelet_nms(boxes[:, t], scores[:, t], valid[:, t], nms_thr,
                           top_k)
        offset = t - live.last_frame
        shift = np.minimum(offset, k - 1)[..., None]
        shared = np.maximum(k - offset, 1)[..., None]
        src = np.minimum(frame_idx + shift, k - 1)
        last = np.take_along_axis(live.last, src[..., None], axis=2)
        ious = box_iou_aligned(last[:, :, None], boxes[:, t, None])
        in_shared = (frame_idx < shared)[:, :, None]
        ious = (ious * in_shared).sum(-1) / shared
        eligible = (ious >= iou_thr) & live.alive[:, :, None] & \
            keep[:, None]
        assign = live.link(np.moveaxis(eligible, 2, 0), boxes[:, t],
                           scores[:, t], t)
        live.release(live.alive & (assign < 0) & (offset >= k))
        live.start_leftovers(assign, keep, boxes[:, t], scores[:, t], t)
    tube, stream, step, det = live.event_table().T
    if tube.size == 0:
        return Tubes.empty()
    tube_score = np.bincount(tube, weights=scores[stream, step, det]) / \
        np.bincount(tube)
    rows = np.repeat(np.arange(tube.size), k)
    kk = np.tile(frame_idx, tube.size)
    values = np.concatenate(
        [boxes[stream[rows], step[rows], det[rows], kk],
         scores[stream[rows], step[rows], det[rows], None]], 1)
    t_id, frame, values = average_rows(tube[rows], step[rows] + kk, values)
    first = first_rows(t_id)
    ids = t_id[first]
    length = np.diff(np.r_[first, t_id.size])
    good = (tube_score[ids] >= min_score) & (length >= min_length)
    row_good = np.repeat(good, length)
    owner = stream[first_rows(tube)][ids]
    return Tubes(frame[row_good] + start_frame, values[row_good, :4],
                 np.r_[0, np.cumsum(length[good])], owner[good],
                 np.asarray(labels)[owner[good]], tube_score[ids][good])
