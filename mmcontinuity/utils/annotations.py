"""Ground-truth readers of the annotation formats the datasets and metrics
share, in plain numpy / pickle / csv (no OpenMMLab import):

* ACT / MOC ``*-GT.pkl`` (UCF101-24, J-HMDB-21, UCF-Sports, the continuity
  benchmark): :func:`load_act_gt` and the dense per-video
  :func:`video_tubes`;
* AVA ``ava_{train,val}_v2.x.csv``: the entity tracks of
  :func:`load_ava_tracks`.

See docs/data_flow.md for the formats.
"""
import csv
import os.path as osp
import pickle
from dataclasses import dataclass

import numpy as np

GT_KEYS = ('labels', 'gttubes', 'nframes', 'train_videos', 'test_videos',
           'resolution')


@dataclass
class VideoTubes:
    """Dense ground truth of one video with K actors and N frames.

    Attributes:
        boxes: float32 (K, N, 4) inclusive-pixel xyxy, 0 where not valid.
        valid: bool (K, N) the actor's box is known on the frame.
        action_on: bool (K, N) the actor performs its action on the frame.
        labels: int64 (K,) 0-based class index.
    """
    boxes: np.ndarray
    valid: np.ndarray
    action_on: np.ndarray
    labels: np.ndarray

    def select(self, frame_inds):
        """Ground truth on 1-based ``frame_inds`` (T,) of the actors that are
        valid on at least one of them: the ``gt_*`` keys of a sample."""
        cols = np.asarray(frame_inds) - 1
        valid = self.valid[:, cols]
        keep = valid.any(1)
        return dict(gt_bboxes=self.boxes[keep][:, cols],
                    gt_valid=valid[keep],
                    gt_action_on=self.action_on[keep][:, cols],
                    gt_labels=self.labels[keep])


def load_act_gt(ann_file):
    """Read an ACT ground-truth pickle and check that its keys are present."""
    if not osp.isfile(ann_file):
        raise FileNotFoundError(f'ACT ground-truth file not found: {ann_file}')
    with open(ann_file, 'rb') as f:
        gt = pickle.load(f, encoding='latin1')  # the originals are Python 2
    missing = [key for key in GT_KEYS if key not in gt]
    if missing:
        raise KeyError(f'{ann_file} lacks the keys {missing} of the ACT '
                       f'ground-truth format')
    return gt


def _dense_track(tube, video, nframes, size, bbox_check, what):
    """Boxes (N, 4) and mask (N,) of an (n, 5) [frame, x1, y1, x2, y2] tube."""
    tube = np.asarray(tube, np.float32).reshape(-1, 5)
    frames = tube[:, 0].astype(np.int64)
    if frames.min(initial=1) < 1 or frames.max(initial=1) > nframes:
        raise ValueError(f'video {video}: {what} has frames outside '
                         f'1..{nframes}: {frames.min()}..{frames.max()}')
    if np.unique(frames).size != frames.size:
        raise ValueError(f'video {video}: {what} repeats frames')
    h, w = size
    boxes = tube[:, 1:]
    outside = ((boxes[:, 0] < 0) | (boxes[:, 1] < 0) | (boxes[:, 2] > w - 1)
               | (boxes[:, 3] > h - 1) | (boxes[:, 2] < boxes[:, 0])
               | (boxes[:, 3] < boxes[:, 1]))
    if outside.any() and bbox_check == 'error':
        i = int(np.flatnonzero(outside)[0])
        raise ValueError(f'video {video}: {what} box {boxes[i].tolist()} on '
                         f'frame {frames[i]} is empty or outside the '
                         f'{w}x{h} image')
    dense = np.zeros((nframes, 4), np.float32)
    dense[frames - 1] = np.clip(boxes, 0, [w - 1, h - 1, w - 1, h - 1])
    mask = np.zeros(nframes, bool)
    mask[frames - 1] = True
    return dense, mask


def video_tubes(gt, video, bbox_check='error'):
    """Dense :class:`VideoTubes` of ``video`` from an ACT ground-truth dict.

    Actors are the tubes of ``gttubes`` in (label, tube) order. With the
    optional ``actor_tracks`` (parallel to ``gttubes``) the actor's box is
    valid on its whole track; otherwise only where the action is on.
    """
    for key in ('gttubes', 'nframes', 'resolution'):
        if video not in gt[key]:
            raise KeyError(f'video {video} is missing from {key!r}')
    nframes = int(gt['nframes'][video])
    size = tuple(gt['resolution'][video])
    tracks = gt.get('actor_tracks', {}).get(video)
    boxes, valid, action_on, labels = [], [], [], []
    for label, tubes in sorted(gt['gttubes'][video].items()):
        if not 0 <= label < len(gt['labels']):
            raise ValueError(f'video {video}: unknown label {label} '
                             f'({len(gt["labels"])} classes)')
        if tracks is not None and len(tracks.get(label, [])) != len(tubes):
            raise ValueError(f'video {video}: actor_tracks of label {label} '
                             f'are not parallel to its gttubes')
        for i, tube in enumerate(tubes):
            tube_boxes, on = _dense_track(tube, video, nframes, size,
                                          bbox_check, f'tube {i} of {label}')
            if tracks is None:
                track_boxes, seen = tube_boxes, on
            else:
                track_boxes, seen = _dense_track(tracks[label][i], video,
                                                 nframes, size, bbox_check,
                                                 f'track {i} of {label}')
                if (on & ~seen).any():
                    raise ValueError(f'video {video}: tube {i} of label '
                                     f'{label} has frames outside its track')
            boxes.append(track_boxes)
            valid.append(seen)
            action_on.append(on)
            labels.append(label)
    if not labels:  # a video without any tube
        return VideoTubes(boxes=np.zeros((0, nframes, 4), np.float32),
                          valid=np.zeros((0, nframes), bool),
                          action_on=np.zeros((0, nframes), bool),
                          labels=np.zeros(0, np.int64))
    return VideoTubes(boxes=np.stack(boxes), valid=np.stack(valid),
                      action_on=np.stack(action_on),
                      labels=np.array(labels, np.int64))


def load_ava_tracks(ann_file):
    """Tracks of the AVA entities of an annotation CSV.

    AVA annotates boxes once per second and links them through the entity id
    (the person id of the CSV's last column): the track of an entity is its
    boxes at all annotated timestamps of the video. Entities with a negative
    id have no track and are left out.

    Args:
        ann_file (str): ``video,time,x1,y1,x2,y2,action,person`` rows.

    Returns:
        dict: ``video -> entity_id -> (times (n,) float64 seconds, boxes
        (n, 4) float32 normalised xyxy)``, sorted by time.
    """
    tracks = {}
    with open(ann_file, newline='') as f:
        for num, fields in enumerate(csv.reader(f), 1):
            if len(fields) < 8:
                raise ValueError(f'{ann_file}:{num}: expected 8 fields '
                                 f'(video, time, x1, y1, x2, y2, action, '
                                 f'person), got {",".join(fields)!r}')
            box = np.array(fields[2:6], np.float32)
            if box.min() < 0 or box.max() > 1 or (box[2:] < box[:2]).any():
                raise ValueError(f'{ann_file}:{num}: box {box.tolist()} '
                                 f'of video {fields[0]} is not a normalised '
                                 f'xyxy box inside the image')
            entity = int(fields[7])
            if entity >= 0:
                tracks.setdefault(fields[0], {}).setdefault(
                    entity, {})[int(fields[1])] = box
    return {
        video: {
            entity: (np.array(sorted(by_time), np.float64),
                     np.stack([by_time[t] for t in sorted(by_time)]))
            for entity, by_time in entities.items()
        }
        for video, entities in tracks.items()
    }
