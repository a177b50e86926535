"""Packed action tubes and the spatio-temporal tube IoU.

A tube is a sequence of boxes on strictly increasing frame numbers. Its
temporal extent is ``[first frame, last frame]``. The spatio-temporal IoU of
ACT's ``iou3dt`` (Kalogeiton et al., ICCV 2017) is::

    IoU(a, b) = tIoU(a, b) * oIoU(a, b)
    tIoU(a, b) = |[s_a, e_a] n [s_b, e_b]| / |[s_a, e_a] u [s_b, e_b]|
    oIoU(a, b) = mean_{t in [s_a, e_a] n [s_b, e_b]} IoU_2d(a_t, b_t)

counting frames (``e - s + 1``); both are 0 without temporal overlap.
``oIoU``, the mean spatial IoU over the temporal overlap, is what tube NMS
compares. ACT assumes tubes without holes; here a frame of the overlap where
one tube has no box contributes a spatial IoU of 0 (identical for tubes
without holes).
"""
from dataclasses import dataclass

import numpy as np

from .box import box_iou_aligned, check_boxes


@dataclass
class Tubes:
    """A set of ``n`` tubes stored as concatenated arrays.

    Attributes:
        frames (np.ndarray): ``(M,)`` int64 frame numbers, tube after tube.
        boxes (np.ndarray): ``(M, 4)`` float64 xyxy boxes.
        ptr (np.ndarray): ``(n + 1,)`` int64, tube ``i`` is rows
            ``ptr[i]:ptr[i + 1]``.
        video (np.ndarray): ``(n,)`` int64 video index.
        label (np.ndarray): ``(n,)`` int64 class index.
        score (np.ndarray): ``(n,)`` float64 tube score (1 for ground truth).
    """
    frames: np.ndarray
    boxes: np.ndarray
    ptr: np.ndarray
    video: np.ndarray
    label: np.ndarray
    score: np.ndarray

    def __post_init__(self):
        self.frames = np.asarray(self.frames, dtype=np.int64).reshape(-1)
        self.boxes = check_boxes(
            np.asarray(self.boxes, dtype=np.float64).reshape(-1, 4),
            'tube boxes')
        self.ptr = np.asarray(self.ptr, dtype=np.int64).reshape(-1)
        n = self.ptr.size - 1
        self.video = np.asarray(self.video, dtype=np.int64).reshape(-1)
        self.label = np.asarray(self.label, dtype=np.int64).reshape(-1)
        self.score = np.asarray(self.score, dtype=np.float64).reshape(-1)
        if n < 0 or self.ptr[0] != 0 or self.ptr[-1] != self.frames.size:
            raise ValueError('ptr must start at 0 and end at len(frames)')
        if self.frames.size != len(self.boxes):
            raise ValueError('frames and boxes differ in length')
        if not all(a.size == n for a in (self.video, self.label, self.score)):
            raise ValueError(f'video, label and score must have {n} entries')
        if np.any(np.diff(self.ptr) < 1):
            raise ValueError('every tube needs at least one box')
        if not np.isfinite(self.score).all():
            raise ValueError('tube scores must be finite')
        step = np.diff(self.frames)
        inner = np.ones(step.size, dtype=bool)
        inner[self.ptr[1:-1] - 1] = False
        if np.any(step[inner] <= 0):
            raise ValueError('frame numbers must increase strictly in a tube')

    @classmethod
    def from_list(cls, tubes, video, label, score=None):
        """Pack a list of ``(n_i, 5)`` ``[frame, x1, y1, x2, y2]`` arrays."""
        arrays = [np.asarray(t, dtype=np.float64).reshape(-1, 5)
                  for t in tubes]
        lengths = [len(t) for t in arrays]
        data = np.concatenate(arrays) if arrays else np.zeros((0, 5))
        if score is None:
            score = np.ones(len(arrays))
        return cls(frames=np.rint(data[:, 0]), boxes=data[:, 1:],
                   ptr=np.r_[0, np.cumsum(lengths)], video=video,
                   label=label, score=score)

    @classmethod
    def empty(cls):
        """A set of zero tubes."""
        return cls(np.zeros(0), np.zeros((0, 4)), np.zeros(1), np.zeros(0),
                   np.zeros(0), np.zeros(0))

    @classmethod
    def concat(cls, parts):
        """Concatenate a sequence of :class:`Tubes` (in order)."""
        parts = list(parts)
        if not parts:
            return cls.empty()
        lengths = np.concatenate([np.diff(p.ptr) for p in parts])
        return cls(np.concatenate([p.frames for p in parts]),
                   np.concatenate([p.boxes for p in parts]),
                   np.r_[0, np.cumsum(lengths)],
                   np.concatenate([p.video for p in parts]),
                   np.concatenate([p.label for p in parts]),
                   np.concatenate([p.score for p in parts]))

    def __len__(self):
        return self.ptr.size - 1

    def frame_boxes(self):
        """Every box of every tube as a frame-level detection.

        Returns:
            dict: ``video``, ``frame``, ``label``, ``score`` (M,) and
            ``bboxes`` (M, 4), the tube's label and score on each of its
            boxes: the input of :func:`frame_map`.
        """
        owner = np.repeat(np.arange(len(self)), np.diff(self.ptr))
        return dict(video=self.video[owner], frame=self.frames,
                    label=self.label[owner], score=self.score[owner],
                    bboxes=self.boxes)

    @property
    def start(self):
        """``(n,)`` first frame of each tube."""
        return self.frames[self.ptr[:-1]]

    @property
    def end(self):
        """``(n,)`` last frame of each tube."""
        return self.frames[self.ptr[1:] - 1]

    def tube(self, i):
        """Tube ``i`` as an ``(n_i, 5)`` ``[frame, x1, y1, x2, y2]`` array."""
        rows = slice(self.ptr[i], self.ptr[i + 1])
        return np.concatenate([self.frames[rows, None], self.boxes[rows]], 1)

    def select(self, index):
        """A new :class:`Tubes` with the tubes ``index`` (int array/mask)."""
        index = np.arange(len(self))[index]
        lengths = np.diff(self.ptr)[index]
        rows = _ranges(self.ptr[index], lengths)
        return Tubes(self.frames[rows], self.boxes[rows],
                     np.r_[0, np.cumsum(lengths)], self.video[index],
                     self.label[index], self.score[index])


def _ranges(starts, lengths):
    """Concatenation of ``arange(s, s + l)`` for each pair (vectorised)."""
    lengths = np.asarray(lengths, dtype=np.int64)
    total = int(lengths.sum())
    offsets = np.repeat(np.cumsum(lengths) - lengths, lengths)
    return np.repeat(np.asarray(starts, dtype=np.int64), lengths) + \
        np.arange(total) - offsets


def _row_lookup(tubes, tube_idx, frames, span):
    """Row of ``tubes`` holding (tube, frame), and whether it exists."""
    keys = np.repeat(np.arange(len(tubes)), np.diff(tubes.ptr)) * span + \
        tubes.frames
    query = tube_idx * span + frames
    pos = np.minimum(np.searchsorted(keys, query), max(keys.size - 1, 0))
    found = keys[pos] == query if keys.size else np.zeros(query.size, bool)
    return pos, found


def _temporal_and_overlap_iou(tubes_a, idx_a, tubes_b, idx_b, offset):
    """``tIoU`` and ``oIoU`` (module docstring), each ``(P,)``, of the tube
    pairs ``(idx_a[p], idx_b[p])``."""
    idx_a = np.asarray(idx_a, dtype=np.int64)
    idx_b = np.asarray(idx_b, dtype=np.int64)
    sa, ea = tubes_a.start[idx_a], tubes_a.end[idx_a]
    sb, eb = tubes_b.start[idx_b], tubes_b.end[idx_b]
    first, last = np.maximum(sa, sb), np.minimum(ea, eb)
    overlap = np.clip(last - first + 1, 0, None)
    t_iou = overlap / (np.maximum(ea, eb) - np.minimum(sa, sb) + 1)
    pair = np.repeat(np.arange(idx_a.size), overlap)
    frames = _ranges(first, overlap)
    span = int(max(tubes_a.frames.max(initial=0),
                   tubes_b.frames.max(initial=0))) + 1
    row_a, has_a = _row_lookup(tubes_a, idx_a[pair], frames, span)
    row_b, has_b = _row_lookup(tubes_b, idx_b[pair], frames, span)
    ious = np.zeros(pair.size)
    both = has_a & has_b
    ious[both] = box_iou_aligned(tubes_a.boxes[row_a[both]],
                                 tubes_b.boxes[row_b[both]], offset)
    spatial = np.bincount(pair, weights=ious, minlength=idx_a.size)
    return t_iou, np.divide(spatial, overlap, out=np.zeros(idx_a.size),
                            where=overlap > 0)


def tube_iou_pairs(tubes_a, idx_a, tubes_b, idx_b, offset=1.0):
    """Spatio-temporal IoU of the tube pairs ``(idx_a[p], idx_b[p])``.

    Args:
        tubes_a (Tubes): First tube set.
        idx_a (np.ndarray): ``(P,)`` indices into ``tubes_a``.
        tubes_b (Tubes): Second tube set.
        idx_b (np.ndarray): ``(P,)`` indices into ``tubes_b``.
        offset (float): Box area convention (:mod:`.box`).

    Returns:
        np.ndarray: ``(P,)`` IoUs in [0, 1].
    """
    t_iou, o_iou = _temporal_and_overlap_iou(tubes_a, idx_a, tubes_b, idx_b,
                                             offset)
    return t_iou * o_iou


def tube_overlap_iou_pairs(tubes_a, idx_a, tubes_b, idx_b, offset=1.0):
    """Mean spatial IoU over the temporal overlap (``oIoU``, module
    docstring) of the tube pairs ``(idx_a[p], idx_b[p])``; arguments as
    :func:`tube_iou_pairs`.

    Returns:
        np.ndarray: ``(P,)`` in [0, 1], 0 for pairs without a shared frame.
    """
    return _temporal_and_overlap_iou(tubes_a, idx_a, tubes_b, idx_b,
                                     offset)[1]


def tube_iou(tubes_a, tubes_b, offset=1.0):
    """``(len(tubes_a), len(tubes_b))`` matrix of spatio-temporal IoUs."""
    ia, ib = np.meshgrid(np.arange(len(tubes_a)), np.arange(len(tubes_b)),
                         indexing='ij')
    return tube_iou_pairs(tubes_a, ia.ravel(), tubes_b, ib.ravel(),
                          offset).reshape(ia.shape)


def act_gt_tubes(gttubes, videos):
    """Ground-truth tubes of ``videos`` from an ACT ``gttubes`` dict.

    Args:
        gttubes (dict): ``{video: {label: [(n, 5) arrays]}}`` (ACT/MOC
            ``*-GT.pkl``, frames 1-based, inclusive-pixel boxes).
        videos (Sequence[str]): Evaluated videos; ``Tubes.video`` indexes it.

    Returns:
        Tubes: all ground-truth tubes of the videos (score 1).
    """
    arrays, video, label = [], [], []
    for v, name in enumerate(videos):
        if name not in gttubes:
            raise KeyError(f'video {name!r} has no entry in gttubes')
        for lab, tubes in gttubes[name].items():
            for t in tubes:
                arrays.append(np.asarray(t, dtype=np.float64).reshape(-1, 5))
                video.append(v)
                label.append(int(lab))
    return Tubes.from_list(arrays, video, label)
