"""Registered transforms (mmaction2 ``TRANSFORMS`` unless stated otherwise)."""
from .formatting import PackTubeletInputs
from .loading import LoadFlowFrames, LoadFrames
from .tubelet import (TubeletCenterCrop, TubeletFlip, TubeletRandomCrop,
                      TubeletRandomRescale, TubeletResize)

__all__ = [
    'LoadFrames', 'LoadFlowFrames', 'PackTubeletInputs', 'TubeletCenterCrop',
    'TubeletFlip', 'TubeletRandomCrop', 'TubeletRandomRescale',
    'TubeletResize'
]
