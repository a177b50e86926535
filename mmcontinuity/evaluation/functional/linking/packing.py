"""Packed per-frame tubes: averaging, hole filling, temporal trimming and
splitting into output tubes (shared by the frame linker and the stitching).

A packed set of ``n`` tubes is ``ptr`` (n + 1,) with tube ``i`` on rows
``ptr[i]:ptr[i + 1]`` of per-frame arrays (frames, boxes, scores...).
"""
import numpy as np

from ..tube import Tubes


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


def first_rows(tube):
    """Index of the first row of each run of equal ``tube`` ids."""
    return np.flatnonzero(np.diff(tube, prepend=-1) != 0)


def average_rows(tube, frame, values):
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


def fill_gaps(tube, frame, values):
    """Complete tubes with holes by linear interpolation.

    Args:
        tube, frame (np.ndarray): ``(E,)`` sorted by tube then frame.
        values (np.ndarray): ``(E, k)`` per-row values (boxes, scores...).

    Returns:
        tuple: ``ptr`` (n+1,), ``frames`` (M,), ``values`` (M, k) with one
        row per frame from the first to the last frame of each tube.
    """
    first = first_rows(tube)
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


def split_runs(ptr, frames, boxes, scores, keep, stream, labels, min_length):
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
