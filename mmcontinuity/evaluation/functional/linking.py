"""Building action tubes from frame-, tubelet- and clip-level detections.

All linkers work on a batch of independent *streams* (one stream is one
(video, class) pair) and loop over time only; every step handles all
streams and all live tubes at once. A linker returns :class:`Tubes` whose
``video`` holds the stream index and ``label`` the class given per stream.

* :func:`link_frame_detections`: online linking of Singh et al. (ICCV 2017)
  followed by temporal trimming (:func:`viterbi_trim`).
* :func:`link_tubelets`: ACT tubelet linking (Kalogeiton et al., ICCV 2017).
* :func:`stitch_tubelets`: TubeR (Chapter 6) tubelets of consecutive clips.

Greedy assignment (shared): live tubes are visited by decreasing score
(mean score of their detections so far); each takes, among the not yet
taken detections whose affinity (IoU) is ``>= iou_thr``, the one of highest
score. Detections left over start new tubes.
"""
import numpy as np

from .box import box_area, box_iou_aligned, check_boxes
from .tube import Tubes


def greedy_assign(tube_score, eligible, det_score):
    """Greedy tube-to-detection assignment of every stream.

    Args:
        tube_score (np.ndarray): ``(B, L)`` score of each live-tube slot.
        eligible (np.ndarray): ``(D, B, L)`` bool, slot ``l`` may take
            detection ``d`` (alive slot, valid detection, IoU ``>= thr``);
            detection-major so that reductions over detections run over the
            leading axis.
        det_score (np.ndarray): ``(B, D)`` detection scores.

    Returns:
        np.ndarray: ``(B, L)`` index of the detection taken by each slot, -1
        for none. Slots are visited by decreasing score, ties by slot index.
    """
    assign = np.full(eligible.shape[1:], -1, dtype=np.int64)
    has = np.logical_or.reduce(eligible, axis=0)
    n_has = np.count_nonzero(has, axis=1)
    # Streams by decreasing number of candidate tubes: at rank r only the
    # first (n_has > r) streams still have a tube to serve.
    rows = np.argsort(-n_has, kind='stable')[:np.count_nonzero(n_has)]
    if rows.size == 0:
        return assign
    n_rows = np.searchsorted(-n_has[rows], -np.arange(n_has[rows[0]]), 'left')
    order = np.argsort(-np.where(has[rows], tube_score[rows], -np.inf),
                       axis=1, kind='stable')[:, :n_rows.size]
    # (R, n, D): candidate scores of the tubes in visiting order, -inf where
    # not eligible
    cand = np.where(eligible[:, rows[:, None], order],
                    det_score[rows].T[:, :, None], -np.inf)
    cand = np.ascontiguousarray(cand.transpose(2, 1, 0))
    taken = np.zeros(cand.shape[1:])  # 0, or -inf once taken
    local = np.arange(rows.size)
    for r, n in enumerate(n_rows):
        avail = cand[r, :n] + taken[:n]
        best = np.argmax(avail, axis=1)
        ok = avail[local[:n], best] > -np.inf
        assign[rows[:n][ok], order[:n, r][ok]] = best[ok]
        taken[local[:n][ok], best[ok]] = -np.inf
    return assign


class LiveTubes:
    """Slots of live tubes of ``B`` streams (grown on demand).

    Per slot: ``tube`` id (-1 free), ``last`` item (box or tubelet, of
    ``dtype``, ``fill`` in free slots) of the tube, ``last_frame`` (time
    step of the last item), ``score_sum``,
    ``count`` of items and consecutive ``misses``. Every assignment is
    logged as an event (tube id, stream, time step, detection index).
    """

    def __init__(self, num_streams, item_shape, dtype=np.float64, fill=0.0):
        self.num_streams = num_streams
        self.fill = fill
        self.tube = np.full((num_streams, 0), -1, dtype=np.int64)
        self.last = np.zeros((num_streams, 0, *item_shape), dtype=dtype)
        self.last_frame = np.zeros((num_streams, 0), dtype=np.int64)
        self.score_sum = np.zeros((num_streams, 0))
        self.count = np.zeros((num_streams, 0), dtype=np.int64)
        self.misses = np.zeros((num_streams, 0), dtype=np.int64)
        self.num_tubes = 0
        self.events = []

    @property
    def alive(self):
        """``(B, L)`` bool, slot holds a live tube."""
        return self.tube >= 0

    @property
    def mean_score(self):
        """``(B, L)`` mean item score of each slot's tube (0 when free)."""
        return self.score_sum / np.maximum(self.count, 1)

    def _grow(self, extra):
        pad = ((0, 0), (0, extra))
        self.tube = np.pad(self.tube, pad, constant_values=-1)
        self.last = np.pad(self.last,
                           pad + ((0, 0),) * (self.last.ndim - 2),
                           constant_values=self.fill)
        for name in ('last_frame', 'score_sum', 'count', 'misses'):
            setattr(self, name, np.pad(getattr(self, name), pad))

    def extend(self, assign, items, scores, frame):
        """Append the assigned detections to their slots' tubes.

        Args:
            assign (np.ndarray): ``(B, L)`` detection per slot (-1 none).
            items (np.ndarray): ``(B, D, *item_shape)`` detections.
            scores (np.ndarray): ``(B, D)`` detection scores.
            frame (int): Current time step.
        """
        slots = np.flatnonzero(assign >= 0)
        b = slots // assign.shape[1]
        det = assign.ravel()[slots]
        picked = b * scores.shape[1] + det
        self._set(slots, picked, items, frame)
        self.score_sum.ravel()[slots] += scores.ravel()[picked]
        self.count.ravel()[slots] += 1
        self._log(self.tube.ravel()[slots], b, frame, det)

    def _set(self, slots, picked, items, frame):
        """Last item, frame and no misses for flat ``slots`` from the flat
        detection indices ``picked`` of ``items``."""
        item_shape = self.last.shape[2:]
        self.last.reshape(-1, *item_shape)[slots] = \
            items.reshape(-1, *item_shape)[picked]
        self.last_frame.ravel()[slots] = frame
        self.misses.ravel()[slots] = 0

    def start(self, new, items, scores, frame):
        """Start one tube per detection where ``new`` (B, D) is set."""
        b, det = np.nonzero(new)
        if b.size == 0:
            return
        free = ~self.alive
        need = np.bincount(b, minlength=self.num_streams) - free.sum(1)
        if need.max() > 0:
            self._grow(int(need.max()))
            free = ~self.alive
        free_b, free_l = np.nonzero(free)
        free_first = np.searchsorted(free_b, np.arange(self.num_streams))
        det_first = np.searchsorted(b, np.arange(self.num_streams))
        slot = free_l[free_first[b] + np.arange(b.size) - det_first[b]]
        ids = self.num_tubes + np.arange(b.size)
        self.num_tubes += b.size
        slots = b * self.tube.shape[1] + slot
        picked = b * scores.shape[1] + det
        self.tube.ravel()[slots] = ids
        self._set(slots, picked, items, frame)
        self.score_sum.ravel()[slots] = scores.ravel()[picked]
        self.count.ravel()[slots] = 1
        self._log(ids, b, frame, det)

    def link(self, eligible, items, scores, frame):
        """Greedy assignment (:func:`greedy_assign`) and extension.

        Args:
            eligible (np.ndarray): ``(D, B, L)`` bool slot may take det.
            items (np.ndarray): ``(B, D, *item_shape)`` detections.
            scores (np.ndarray): ``(B, D)`` detection scores.
            frame (int): Current time step.

        Returns:
            np.ndarray: ``(B, L)`` detection taken by each slot (-1 none).
        """
        assign = greedy_assign(self.mean_score, eligible, scores)
        self.extend(assign, items, scores, frame)
        return assign

    def start_leftovers(self, assign, valid, items, scores, frame):
        """Start a tube for every valid detection not taken in ``assign``."""
        b, slot = np.nonzero(assign >= 0)
        taken = np.zeros(valid.shape, dtype=bool)
        taken[b, assign[b, slot]] = True
        self.start(valid & ~taken, items, scores, frame)

    def release(self, mask):
        """Terminate the tubes of the slots in ``mask`` (B, L)."""
        b, slot = np.nonzero(mask)
        self.tube[b, slot] = -1
        self.last[b, slot] = self.fill
        self.count[b, slot] = 0
        self.score_sum[b, slot] = 0
        self.misses[b, slot] = 0

    def _log(self, tube, stream, frame, det):
        self.events.append(np.stack(
            [tube, stream, np.full(tube.size, frame), det], 1))

    def event_table(self, keep_tube=None):
        """``(E, 4)`` events ``[tube, stream, frame, det]`` sorted by tube,
        then frame (events are logged in time order; the sort is stable).

        Args:
            keep_tube (np.ndarray, optional): ``(num_tubes,)`` bool, keep
                only the events of these tubes.
        """
        if not self.events:
            return np.zeros((0, 4), dtype=np.int64)
        table = np.concatenate(self.events)
        if keep_tube is not None:
            table = table[keep_tube[table[:, 0]]]
        return table[np.argsort(table[:, 0], kind='stable')]


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


def _check_stream_inputs(boxes, scores, valid, box_ndim):
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


def viterbi_trim(scores, ptr, alpha):
    """Two-state temporal labelling of tubes (Singh et al., ICCV 2017).

    Labels ``l_t`` in {background 0, action 1} maximise
    ``sum_t u(l_t) - alpha * #{t : l_t != l_(t-1)}`` with ``u(1) = s_t`` and
    ``u(0) = 1 - s_t``, ``s_t`` the tube's detection score on frame ``t``
    (ties keep the previous label).

    Args:
        scores (np.ndarray): ``(M,)`` per-frame scores of packed tubes.
        ptr (np.ndarray): ``(n + 1,)``, tube ``i`` is
            ``scores[ptr[i]:ptr[i + 1]]``.
        alpha (float): Label-switch penalty.

    Returns:
        np.ndarray: ``(M,)`` bool, frame labelled action.
    """
    scores = np.asarray(scores, dtype=np.float64)
    lengths = np.diff(ptr)
    order = np.argsort(-lengths, kind='stable')
    base = ptr[:-1][order]
    max_len = int(lengths.max(initial=0))
    # Tubes sorted by length: the first n_active[t] have a frame t.
    n_active = np.searchsorted(-lengths[order], -np.arange(max_len), 'left')
    value = np.zeros((lengths.size, 2))
    switched = np.zeros((scores.size, 2), dtype=bool)
    for t in range(max_len):
        k = n_active[t]
        rows = base[:k] + t
        unary = np.stack([1 - scores[rows], scores[rows]], 1)
        if t == 0:
            value[:k] = unary
            continue
        stay, switch = value[:k], value[:k, ::-1] - alpha
        switched[rows] = switch > stay
        value[:k] = np.maximum(stay, switch) + unary
    labels = np.zeros(scores.size, dtype=bool)
    state = np.argmax(value, 1)
    for t in range(max_len - 1, -1, -1):
        k = n_active[t]
        rows = base[:k] + t
        labels[rows] = state[:k] == 1
        state[:k] ^= switched[rows, state[:k]]
    return labels


def _first_rows(tube):
    """Index of the first row of each run of equal ``tube`` ids."""
    return np.flatnonzero(np.diff(tube, prepend=-1) != 0)


def _average_rows(tube, frame, values):
    """Average ``values`` of rows sharing (tube, frame).

    Returns:
        tuple: ``tube`` (M,), ``frame`` (M,) sorted by tube then frame, and
        ``values`` (M, k) means.
    """
    span = int(frame.max(initial=0)) + 1
    uniq, inverse = np.unique(tube * span + frame, return_inverse=True)
    count = np.bincount(inverse, minlength=uniq.size)[:, None]
    sums = np.stack([np.bincount(inverse, weights=v, minlength=uniq.size)
                     for v in values.T], 1)
    return uniq // span, uniq % span, sums / count


def _fill_gaps(tube, frame, values):
    """Complete tubes with holes by linear interpolation.

    Args:
        tube, frame (np.ndarray): ``(E,)`` sorted by tube then frame.
        values (np.ndarray): ``(E, k)`` per-row values (boxes, scores...).

    Returns:
        tuple: ``ptr`` (n+1,), ``frames`` (M,), ``values`` (M, k) with one
        row per frame from the first to the last frame of each tube.
    """
    first = _first_rows(tube)
    last = np.r_[first[1:], tube.size] - 1
    lengths = frame[last] - frame[first] + 1
    ptr = np.r_[0, np.cumsum(lengths)]
    owner_event = np.repeat(np.arange(first.size), np.diff(np.r_[first,
                                                                 tube.size]))
    is_event = np.zeros(ptr[-1], dtype=bool)
    is_event[ptr[owner_event] + frame - frame[first][owner_event]] = True
    prev = np.cumsum(is_event) - 1
    event_row = np.flatnonzero(is_event)
    frames = frame[prev] + (np.arange(ptr[-1]) - event_row[prev])
    nxt = np.where(is_event, prev, np.minimum(prev + 1, tube.size - 1))
    gap = np.maximum(frame[nxt] - frame[prev], 1)
    w = ((frames - frame[prev]) / gap)[:, None]
    return ptr, frames, (1 - w) * values[prev] + w * values[nxt]


def _segments(ptr, frames, boxes, scores, keep, stream, labels, min_length):
    """Split tubes into maximal runs of ``keep`` frames; score = mean.

    Args:
        ptr, frames, boxes, scores: packed per-frame tubes (``(n+1,)``,
            ``(M,)``, ``(M, 4)``, ``(M,)``).
        keep (np.ndarray): ``(M,)`` bool frame kept.
        stream (np.ndarray): ``(n,)`` stream of each tube.
        labels (np.ndarray): ``(B,)`` class of each stream.
        min_length (int): Drop runs shorter than this (frames).

    Returns:
        Tubes: one tube per run (``video`` = stream index), scored by the
        mean of ``scores`` over the run.
    """
    owner = np.repeat(np.arange(ptr.size - 1), np.diff(ptr))
    kept = np.flatnonzero(keep)
    o, f = owner[kept], frames[kept]
    new_run = (np.diff(o, prepend=-1) != 0) | \
        (np.diff(f, prepend=f[:1] - 1) != 1)
    run = np.cumsum(new_run) - 1
    n_runs = int(run.max(initial=-1)) + 1
    length = np.bincount(run, minlength=n_runs)
    mean = np.bincount(run, weights=scores[kept], minlength=n_runs) / \
        np.maximum(length, 1)
    good = length >= min_length
    rows = kept[good[run]]
    run_stream = stream[o[new_run]][good]
    return Tubes(frames[rows], boxes[rows], np.r_[0, np.cumsum(length[good])],
                 run_stream, np.asarray(labels)[run_stream], mean[good])


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
    boxes, scores, valid = _check_stream_inputs(boxes, scores, valid, 4)
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
    ptr, frames, values = _fill_gaps(tube, frame, values)
    keep = viterbi_trim(values[:, 4], ptr, alpha)
    return _segments(ptr, frames + start_frame, values[:, :4], values[:, 4],
                     keep, stream[_first_rows(tube)], labels, min_length)


def tubelet_iou(boxes1, boxes2, offset=1.0):
    """Mean per-frame IoU of tubelets paired element-wise.

    Args:
        boxes1 (np.ndarray): ``(..., K, 4)``.
        boxes2 (np.ndarray): ``(..., K, 4)`` (broadcastable).

    Returns:
        np.ndarray: ``(...)`` mean over the ``K`` frames.
    """
    return box_iou_aligned(boxes1, boxes2, offset).mean(-1)


def tubelet_nms(boxes, scores, valid, iou_thr=0.3, top_k=10):
    """Greedy tubelet NMS (ACT ``nms_tubelets``) of every stream.

    Tubelets are visited by decreasing score; one is kept unless its
    :func:`tubelet_iou` with an already kept tubelet exceeds ``iou_thr``;
    at most ``top_k`` are kept.

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
    overlap = tubelet_iou(ordered[:, :, None], ordered[:, None])
    alive = valid[rows[:, None], order].copy()
    keep = np.zeros((num, width), dtype=bool)
    kept = np.zeros(num, dtype=np.int64)
    for i in range(width):
        take = alive[:, i] & (kept < top_k)
        keep[rows[take], order[take, i]] = True
        kept += take
        alive &= ~(take[:, None] & (overlap[:, i] > iou_thr))
    return keep


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
    boxes, scores, valid = _check_stream_inputs(boxes, scores, valid, 5)
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
    t_id, frame, values = _average_rows(tube[rows], step[rows] + kk, values)
    first = _first_rows(t_id)
    ids = t_id[first]
    length = np.diff(np.r_[first, t_id.size])
    good = (tube_score[ids] >= min_score) & (length >= min_length)
    row_good = np.repeat(good, length)
    owner = stream[_first_rows(tube)][ids]
    return Tubes(frame[row_good] + start_frame, values[row_good, :4],
                 np.r_[0, np.cumsum(length[good])], owner[good],
                 np.asarray(labels)[owner[good]], tube_score[ids][good])


def _check_clips(frame_inds, boxes, switch, scores, clip_valid):
    """Validate the clip arrays of :func:`stitch_tubelets`."""
    frame_inds = np.asarray(frame_inds, dtype=np.int64)
    boxes = check_boxes(boxes, 'boxes')
    switch = np.asarray(switch, dtype=np.float64)
    scores = np.asarray(scores, dtype=np.float64)
    v, s, t = frame_inds.shape
    if boxes.shape[:2] != (v, s) or boxes.shape[3] != t or \
            switch.shape != boxes.shape[:4] or scores.shape[:3] != \
            boxes.shape[:3]:
        raise ValueError(
            f'inconsistent clip shapes: frame_inds {frame_inds.shape}, boxes '
            f'{boxes.shape}, switch {switch.shape}, scores {scores.shape}; '
            'expected (V, S, T), (V, S, N, T, 4), (V, S, N, T), (V, S, N, C)')
    clip_valid = np.ones((v, s), dtype=bool) if clip_valid is None else \
        np.asarray(clip_valid, dtype=bool)
    if clip_valid.shape != (v, s):
        raise ValueError(f'clip_valid must have shape {(v, s)}')
    if np.any(np.diff(frame_inds[clip_valid], axis=-1) < 0):
        raise ValueError('frame_inds must not decrease inside a clip')
    for name, arr in (('switch', switch), ('scores', scores)):
        if not np.isfinite(arr[clip_valid]).all():
            raise ValueError(f'{name} of valid clips must be finite')
    return frame_inds, boxes, switch, scores, clip_valid


def _clip_affinity(last, last_frames, new, new_frames, offset=1.0):
    """IoU of live tubelets with the tubelets of a new clip.

    Mean IoU over the frames both clips contain, or, without shared frames,
    the IoU of the last box of the live tubelet and the first box of the new.

    Args:
        last (np.ndarray): ``(B, L, T, 4)``; last_frames ``(B, L, T)``.
        new (np.ndarray): ``(B, D, T, 4)``; new_frames ``(B, T)``.

    Returns:
        np.ndarray: ``(B, L, D)``.
    """
    t = last.shape[2]
    pos = (last_frames[:, :, None, :] < new_frames[:, None, :, None]).sum(-1)
    pos = np.minimum(pos, t - 1)
    aligned = np.take_along_axis(last, pos[..., None], axis=2)
    shared = np.take_along_axis(last_frames, pos, axis=2) == \
        new_frames[:, None]
    n_shared = shared.sum(-1)
    per_frame = box_iou_aligned(aligned[:, :, None], new[:, None], offset)
    mean_shared = (per_frame * shared[:, :, None]).sum(-1) / \
        np.maximum(n_shared, 1)[:, :, None]
    end_to_start = box_iou_aligned(last[:, :, None, -1], new[:, None, :, 0],
                                   offset)
    return np.where(n_shared[:, :, None] > 0, mean_shared, end_to_start)


def stitch_tubelets(frame_inds, boxes, switch, scores, clip_valid=None,
                    iou_thr=0.2, score_thr=0.05, switch_thr=0.5,
                    max_misses=1, min_length=1, switch_alpha=0.):
    """Stitch TubeR tubelets of consecutive clips into video tubes.

    Streams are (video, class) pairs. A tubelet takes part in class ``c``
    when its class probability is ``>= score_thr``. Clip by clip, live tubes
    take tubelets by :func:`greedy_assign` on :func:`_clip_affinity`
    (``>= iou_thr``); a tube not extended in ``max_misses`` consecutive clips
    ends; leftover tubelets start tubes. Per frame, boxes, action-switch
    scores (Eq. 6.13) and class scores of the tube's tubelets are averaged,
    holes between clips are interpolated, and every maximal run of frames
    with switch score ``>= switch_thr`` is an output tube, scored by the
    mean class score over its frames. With ``switch_alpha > 0`` the frames
    are labelled by :func:`viterbi_trim` instead (switch scores shifted so
    that its decision threshold is ``switch_thr``; each change between on
    and off costs ``switch_alpha``), so that a noisy switch does not break
    an action into short pieces.

    Args:
        frame_inds (np.ndarray): ``(V, S, T)`` frame numbers of the ``T``
            output frames of clip ``s`` of video ``v`` (clips in time order;
            a frame repeated inside a clip, as in the padded clip of a video
            shorter than a clip, is averaged like a frame of two clips).
        boxes (np.ndarray): ``(V, S, N, T, 4)`` xyxy boxes of ``N`` tubelets.
        switch (np.ndarray): ``(V, S, N, T)`` action-switch probabilities.
        scores (np.ndarray): ``(V, S, N, C)`` class probabilities.
        clip_valid (np.ndarray, optional): ``(V, S)`` bool clip exists
            (videos with fewer clips are padded).

    Returns:
        Tubes: ``video`` = index in ``V``, ``label`` = class.
    """
    frame_inds, boxes, switch, scores, clip_valid = _check_clips(
        frame_inds, boxes, switch, scores, clip_valid)
    num_videos, num_steps, _, t_out = boxes.shape[:4]
    num_classes = scores.shape[-1]
    video = np.repeat(np.arange(num_videos), num_classes)
    cls = np.tile(np.arange(num_classes), num_videos)
    live = LiveTubes(video.size, (t_out, 4))
    for s in range(num_steps):
        new = boxes[video, s]
        det_scores = scores[video, s, :, cls]
        valid = clip_valid[video, s][:, None] & (det_scores >= score_thr)
        last_frames = frame_inds[video[:, None], live.last_frame]
        ious = _clip_affinity(live.last, last_frames, new,
                              frame_inds[video, s])
        eligible = (ious >= iou_thr) & live.alive[:, :, None] & \
            valid[:, None]
        assign = live.link(np.moveaxis(eligible, 2, 0), new, det_scores, s)
        live.misses += live.alive & (assign < 0)
        live.release(live.misses >= max_misses)
        live.start_leftovers(assign, valid, new, det_scores, s)
    tube, stream, step, det = live.event_table().T
    if tube.size == 0:
        return Tubes.empty()
    rows = np.repeat(np.arange(tube.size), t_out)
    j = np.tile(np.arange(t_out), tube.size)
    v, st, d = video[stream[rows]], step[rows], det[rows]
    values = np.concatenate(
        [boxes[v, st, d, j], switch[v, st, d, j, None],
         scores[v, st, d, cls[stream[rows]], None]], 1)
    t_id, frame, values = _average_rows(tube[rows], frame_inds[v, st, j],
                                        values)
    ptr, frames, values = _fill_gaps(t_id, frame, values)
    if switch_alpha > 0:
        keep = viterbi_trim(values[:, 4] - switch_thr + 0.5, ptr,
                            switch_alpha)
    else:
        keep = values[:, 4] >= switch_thr
    tubes = _segments(ptr, frames, values[:, :4], values[:, 5], keep,
                      stream[_first_rows(tube)], cls, min_length)
    tubes.video = video[tubes.video]
    return tubes


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
