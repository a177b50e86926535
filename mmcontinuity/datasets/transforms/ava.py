"""Per-frame boxes of AVA clips from the 1 Hz entity tracks."""
import numpy as np
from mmaction.registry import TRANSFORMS
from mmcv.transforms import BaseTransform


@TRANSFORMS.register_module()
class AVATubeletBoxes(BaseTransform):
    """Give every sampled frame of an AVA clip the boxes of the key-frame
    actors (tubelet ground truth).

    Place after ``SampleAVAFrames`` and before ``RawFrameDecode`` (which
    scales normalised boxes of any leading shape to pixels). The time of frame
    index f is the inverse of ``SampleAVAFrames``' indexing,
    ``timestamp_start + (f - 2 * start_index) / fps``; the box of an entity at
    that time is linearly interpolated between its two nearest annotated
    timestamps when they are at most ``max_gap`` seconds apart, and is not
    valid otherwise (before its first or after its last annotation, or across
    a gap where the person was not annotated). The key frame always has the
    key-frame boxes.

    Required keys: ``frame_inds`` (T,), ``fps``, ``timestamp``,
    ``timestamp_start``, ``start_index``, ``gt_bboxes`` (K, 4) normalised,
    ``entity_ids`` (K,), ``entity_tracks`` (see ``AVATubeletDataset``).
    Modified keys: ``gt_bboxes`` -> (K, T, 4) normalised, 0 where not valid.
    Added keys: ``gt_valid`` (K, T) bool, ``key_frame_index`` (int).

    Args:
        max_gap (float): longest interval (seconds) between two annotations
            of an entity across which its box is interpolated.
    """

    def __init__(self, max_gap=1.0):
        self.max_gap = max_gap

    def transform(self, results):
        inds = np.asarray(results['frame_inds']).reshape(-1)
        times = results['timestamp_start'] + (
            inds - 2 * results['start_index']) / results['fps']
        key = int(np.argmin(np.abs(times - results['timestamp'])))
        key_boxes = np.asarray(results['gt_bboxes'], np.float32)
        num, length = len(key_boxes), len(inds)
        boxes = np.zeros((num, length, 4), np.float32)
        valid = np.zeros((num, length), bool)
        tracks = results.get('entity_tracks', {})
        for k, entity in enumerate(np.asarray(results['entity_ids'])):
            if int(entity) in tracks:
                boxes[k], valid[k] = self._interpolate(*tracks[int(entity)],
                                                       times)
        boxes[:, key] = key_boxes
        valid[:, key] = True
        boxes[~valid] = 0
        results['gt_bboxes'] = boxes
        results['gt_valid'] = valid
        results['key_frame_index'] = key
        return results

    def _interpolate(self, track_times, track_boxes, times):
        """Boxes (T, 4) and validity (T,) of one track at ``times``."""
        right = np.clip(np.searchsorted(track_times, times), 1,
                        max(len(track_times) - 1, 1))
        left = right - 1
        exact = np.isclose(track_times[np.minimum(
            np.searchsorted(track_times, times), len(track_times) - 1)],
            times)
        if len(track_times) == 1:
            return np.repeat(track_boxes, len(times), 0), exact
        inside = (times >= track_times[left]) & (times <= track_times[right])
        close = track_times[right] - track_times[left] <= self.max_gap
        w = ((times - track_times[left]) /
             (track_times[right] - track_times[left]))[:, None]
        boxes = (1 - w) * track_boxes[left] + w * track_boxes[right]
        return boxes.astype(np.float32), exact | (inside & close)

    def __repr__(self):
        return f'{self.__class__.__name__}(max_gap={self.max_gap})'
