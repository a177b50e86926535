"""Long-term feature bank of TubeR's long-term context head (Eq. 6.10).

``tools/misc/extract_feature_bank.py`` stores, for every video, the backbone
features of its clips in ``bank_dir``::

    <video_id>.feats.npy      float16 (M, t, h, w, C_bank), clips in order
    <video_id>.positions.npy  float64 (M,), sorted clip positions

(t, h, w): the backbone's T' × H' × W' grid of a clip, or T' × a fixed
average-pooled H'' × W'' (``--pool-size``). A clip's position is
:func:`clip_position`. :class:`LoadFeatureBank` serves the 2w+1 adjacent
clips around a sample (the thesis' ``F_long``).
"""
import os.path as osp
from typing import Mapping, Tuple

import numpy as np
from mmaction.registry import TRANSFORMS
from mmcv.transforms import BaseTransform

from ..bad_samples import CorruptFileError, MissingFileError


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


def window_indices(positions: np.ndarray, center: float, window: int,
                   spacing: float) -> Tuple[np.ndarray, np.ndarray]:
    """The stored clips of a window of 2w+1 adjacent clips around a clip.

    Clip k of the window (k = -w..w) is the stored clip nearest to
    ``center + k·spacing``; it is valid when it lies within ``spacing / 2``
    of that position (not past a boundary of the video, nor in a gap of the
    stored clips).

    Args:
        positions (np.ndarray): (M,) sorted positions of the stored clips.
        center (float): position of the window's centre clip.
        window (int): w.
        spacing (float): distance of adjacent clips of the window.

    Returns:
        tuple: (2w+1,) int64 indices in ``[0, M)`` and (2w+1,) bool
        validity.
    """
    if len(positions) < 1:
        raise ValueError('a video of the bank has no clips')
    targets = center + spacing * np.arange(-window, window + 1)
    dist = np.abs(positions[None, :] - targets[:, None])
    inds = dist.argmin(1)
    valid = dist[np.arange(len(targets)), inds] <= spacing / 2 * (1 + 1e-6)
    return inds, valid


@TRANSFORMS.register_module()
class LoadFeatureBank(BaseTransform):
    """Load the long-term features ``F_long`` of the 2w+1 adjacent clips
    around a sample (:func:`window_indices`, Eq. 6.10).

    ``spacing`` is the length of a clip, so that the window's clips are
    adjacent, in the unit of :func:`clip_position`: seconds with AVA's
    ``timestamp`` (a 32×2 clip at 30 fps lasts 64 / 30 ≈ 2.133 s), frames
    otherwise. The window then spans about (2w+1)·spacing (Table 6.1f: w = 3,
    7 clips, 14.9 s). A clip of the window outside the video (or across a gap
    of the stored clips wider than a clip) is either zero and masked out
    (``padding='zeros'``) or the stored clip nearest to it, marked valid
    (``padding='replicate'``). The features are those of whole, unflipped
    frames, whatever the pipeline does to the clip; TubeR mirrors the grid
    of a flipped clip (metainfo ``flip``).

    Required keys: ``video_id``, ``timestamp`` or ``frame_inds``.
    Added keys: ``long_term_feats`` float32 (2w+1, t, h, w, C_bank),
    ``long_term_valid`` bool (2w+1,).

    Args:
        bank_dir (str): folder written by ``extract_feature_bank.py``.
        spacing (float): distance of adjacent clips of the window, the clip
            length.
        window (int): w, clips on each side (Table 6.1f). Defaults to 3.
        padding (str): ``'zeros'`` or ``'replicate'``. Defaults to
            ``'zeros'``.
    """

    paddings = ('zeros', 'replicate')

    def __init__(self,
                 bank_dir: str,
                 spacing: float,
                 window: int = 3,
                 padding: str = 'zeros') -> None:
        if window < 0 or spacing <= 0:
            raise ValueError('window must be >= 0 and spacing > 0, got '
                             f'{window} and {spacing}')
        if padding not in self.paddings:
            raise ValueError(
                f'padding must be one of {self.paddings}, got {padding!r}')
        self.bank_dir = bank_dir
        self.spacing = spacing
        self.window = window
        self.padding = padding

    def transform(self, results: dict) -> dict:
        feats_path, pos_path = bank_paths(self.bank_dir, results['video_id'])
        for path in (feats_path, pos_path):
            if not osp.isfile(path):
                raise MissingFileError(
                    f'no feature bank for video {results["video_id"]!r} '
                    f'({path})', path)
        try:
            feats = np.load(feats_path, mmap_mode='r')
            positions = np.load(pos_path)
        except (OSError, ValueError, EOFError) as e:
            raise CorruptFileError(
                f'feature bank of video {results["video_id"]!r} '
                f'({feats_path}) is not readable: {e}', feats_path) from None
        center = clip_position(results)
        inds, valid = window_indices(positions, center, self.window,
                                     self.spacing)
        if not valid[self.window]:
            raise ValueError(
                f'the bank {feats_path} has no clip within {self.spacing / 2}'
                f' of position {center} (the bank of another split or '
                'clip sampling?)')
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
                f'spacing={self.spacing}, window={self.window}, '
                f'padding={self.padding!r})')
