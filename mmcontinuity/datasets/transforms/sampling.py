"""Temporal sampling of Chapter 5 (aligned 3D convolutions, Table 5.3).

Both transforms produce one clip in mmaction2's conventions (``frame_inds``
offset by ``start_index``, ``clip_len``, ``frame_interval``,
``num_clips`` = 1), so mmaction2's decoders and ``FormatShape('NCTHW')``
follow them unchanged.
"""
import numpy as np
from mmaction.datasets.transforms import SampleFrames
from mmaction.registry import TRANSFORMS
from mmcv.transforms import BaseTransform


@TRANSFORMS.register_module()
class SegmentRandomSample(BaseTransform):
    """"N-rand" sampling: split the video into ``num_segments`` equal
    segments and take one frame of each, a random one during training and the
    centre one at test time.

    Covers the whole video whatever its length (frames repeat when the video
    is shorter than ``num_segments``).

    Required keys: ``total_frames``, ``start_index``.
    Added keys: ``frame_inds`` (num_segments,) int64, ``clip_len``,
    ``frame_interval`` (None), ``num_clips`` (1).

    Args:
        num_segments (int): N, the number of frames of the clip.
        test_mode (bool): deterministic centre frames.
    """

    def __init__(self, num_segments, test_mode=False):
        if num_segments < 1:
            raise ValueError(f'num_segments must be >= 1, got {num_segments}')
        self.num_segments = num_segments
        self.test_mode = test_mode

    def transform(self, results):
        total = results['total_frames']
        if total < 1:
            video = results.get('filename', results.get('frame_dir'))
            raise ValueError(f'{video}: video has no frames')
        bounds = np.arange(self.num_segments + 1) * total / self.num_segments
        start, length = bounds[:-1], np.diff(bounds)
        if self.test_mode:
            pos = start + length / 2
        else:
            pos = start + np.random.rand(self.num_segments) * length
        inds = np.minimum(np.floor(pos).astype(np.int64), total - 1)
        results['frame_inds'] = inds + results['start_index']
        results['clip_len'] = self.num_segments
        results['frame_interval'] = None
        results['num_clips'] = 1
        return results

    def __repr__(self):
        return (f'{self.__class__.__name__}(num_segments={self.num_segments}, '
                f'test_mode={self.test_mode})')


@TRANSFORMS.register_module()
class LengthRateSample(SampleFrames):
    """"length x rate" sampling: one clip of ``length`` frames taken every
    ``rate`` frames (e.g. 16 x 2 covers 32 frames), at a random position
    during training and centred at test time; short videos loop.

    This is mmaction2's ``SampleFrames(clip_len=length,
    frame_interval=rate, num_clips=1)`` under the thesis' name.
    """

    def __init__(self, length, rate=1, test_mode=False, **kwargs):
        super().__init__(clip_len=length, frame_interval=rate, num_clips=1,
                         test_mode=test_mode, **kwargs)

    def __repr__(self):
        return (f'{self.__class__.__name__}({self.clip_len}x'
                f'{self.frame_interval}, test_mode={self.test_mode})')
