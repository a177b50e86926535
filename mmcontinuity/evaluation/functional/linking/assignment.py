"""Greedy tube-to-detection assignment and the live tubes of a linker, for
all streams at once.

Greedy assignment: live tubes are visited by decreasing score (mean score
of their detections so far); each takes, among the not yet taken
detections whose affinity (IoU) is ``>= iou_thr``, the one of highest
score. Detections left over start new tubes.
"""
import numpy as np


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
