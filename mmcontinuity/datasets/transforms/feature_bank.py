"""Long-term feature bank of TubeR's long-term context head (Eq. 6.10).

``tools/misc/extract_feature_bank.py`` stores, for every video, the backbone
features of its clips in ``bank_dir``::

    <video_id>.feats.npy      float16 (M, t, h, w, C_bank), clips in order
    <video_id>.positions.npy  float64 (M,), sorted clip positions

A clip's position is :func:`clip_position`. :class:`LoadFeatureBank` serves
the window of the 2w+1 stored clips around a sample.
"""
import os.path as osp
from typing import Mapping, Tuple

import numpy as np
from mmaction.registry import TRANSFORMS
from mmcv.transforms import BaseTransform


def clip_position(info: Mapping) -> float:
    """Position of a clip in its video: ``timestamp`` (AVA key frames) when
    present, otherwise the middle entry of ``frame_inds``."""
    if 'timestamp' in info:
        return float(info['timestamp'])
    if 'frame_inds' in info:
        frame_inds = np.asarray(info['frame_inds']).reshape(-1)
        return float(frame_inds[len(frame_inds) // 2])
    raise KeyError('a clip needs `timestamp` or `frame_inds` to be placed '
                   'in the feature bank')


def bank_paths(bank_dir: str, video_id: str) -> Tuple[str, str]:
    """Paths of the feature and position arrays of a video."""
    stem = osp.join(bank_dir, video_id)
    return stem + '.feats.npy', stem + '.positions.npy'


def window_indices(center: int, window: int,
                   num_clips: int) -> Tuple[np.ndarray, np.ndarray]:
    """Indices of the 2w+1 clips around ``center``, clamped into the video,
    and whether each one really lies inside it.

    Returns:
        tuple: (2w+1,) int64 indices in ``[0, num_clips)`` and (2w+1,) bool
        validity (False where the window passes a video boundary).
    """
    if num_clips < 1 or not 0 <= center < num_clips:
        raise ValueError(f'center {center} outside a video of {num_clips} '
                         'clips')
    offsets = center + np.arange(-window, window + 1)
    valid = (offsets >= 0) & (offsets < num_clips)
    return np.clip(offsets, 0, num_clips - 1), valid


@TRANSFORMS.register_module()
class LoadFeatureBank(BaseTransform):
    """Load the long-term features of the 2w+1 clips around a sample.

    The sample's clip is the stored clip nearest to :func:`clip_position`.
    At a video boundary the window is either padded with zero features that
    are masked out (``padding='zeros'``) or filled by repeating the first /
    last clip (``padding='replicate'``, all marked valid).

    Required keys: ``video_id``, ``timestamp`` or ``frame_inds``.
    Added keys: ``long_term_feats`` float32 (2w+1, t, h, w, C_bank),
    ``long_term_valid`` bool (2w+1,).

    Args:
        bank_dir (str): folder written by ``extract_feature_bank.py``.
        window (int): w, clips on each side (Table 6.1f). Defaults to 5.
        padding (str): ``'zeros'`` or ``'replicate'``. Defaults to
            ``'zeros'``.
    """

    paddings = ('zeros', 'replicate')

    def __init__(self,
                 bank_dir: str,
                 window: int = 5,
                 padding: str = 'zeros') -> None:
        if window < 0:
            raise ValueError(f'window must be >= 0, got {window}')
        if padding not in self.paddings:
            raise ValueError(
                f'padding must be one of {self.paddings}, got {padding!r}')
        self.bank_dir = bank_dir
        self.window = window
        self.padding = padding

    def transform(self, results: dict) -> dict:
        feats_path, pos_path = bank_paths(self.bank_dir, results['video_id'])
        if not osp.isfile(feats_path):
            raise FileNotFoundError(
                f'no feature bank for video {results["video_id"]!r} '
                f'({feats_path})')
        feats = np.load(feats_path, mmap_mode='r')
        positions = np.load(pos_path)
        center = int(np.abs(positions - clip_position(results)).argmin())
        inds, valid = window_indices(center, self.window, len(positions))
        window_feats = np.asarray(feats[inds], dtype=np.float32)
        if self.padding == 'zeros':
            window_feats[~valid] = 0
        else:
            valid = np.ones_like(valid)
        results['long_term_feats'] = window_feats
        results['long_term_valid'] = valid
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(bank_dir={self.bank_dir!r}, '
                f'window={self.window}, padding={self.padding!r})')
