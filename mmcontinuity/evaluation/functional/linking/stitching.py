"""Stitching of TubeR (Chapter 6) tubelets of consecutive clips into video
tubes."""
import numpy as np

from ..box import box_iou_aligned, check_boxes
from ..tube import Tubes
from .assignment import LiveTubes
from .packing import (average_rows, fill_gaps, first_rows, split_runs,
                      viterbi_trim)


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
    t_id, frame, values = average_rows(tube[rows], frame_inds[v, st, j],
                                       values)
    ptr, frames, values = fill_gaps(t_id, frame, values)
    if switch_alpha > 0:
        keep = viterbi_trim(values[:, 4] - switch_thr + 0.5, ptr,
                            switch_alpha)
    else:
        keep = values[:, 4] >= switch_thr
    tubes = split_runs(ptr, frames, values[:, :4], values[:, 5], keep,
                       stream[first_rows(tube)], cls, min_length)
    tubes.video = video[tubes.video]
    return tubes
