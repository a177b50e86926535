"""Registered transforms (mmaction2 ``TRANSFORMS``)."""
from .formatting import PackTubeletInputs
from .loading import LoadFlowFrames, LoadFrames, LoadMasks
from .sampling import LengthRateSample, SegmentRandomSample
from .tubelet import (TubeletCenterCrop, TubeletFlip, TubeletRandomCrop,
                      TubeletRandomRescale, TubeletResize)

__all__ = [
    'LoadFrames', 'LoadFlowFrames', 'LoadMasks', 'PackTubeletInputs',
    'LengthRateSample', 'SegmentRandomSample', 'TubeletCenterCrop',
    'TubeletFlip', 'TubeletRandomCrop', 'TubeletRandomRescale',
    'TubeletResize'
]
