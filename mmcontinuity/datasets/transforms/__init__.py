"""Registered transforms: mmaction2 ``TRANSFORMS`` for clips, mmseg for
colorization, mmpretrain for corruptions."""
from .ava import AVATubeletBoxes
from .colorization import ColorizationTargets, PackColorizationInputs
from .corruption import (CORRUPTIONS, ImageCorruption,
                         ImagePerturbation)
from .feature_bank import LoadFeatureBank
from .formatting import PackTubeletInputs, StackFlow
from .image_loading import CheckedLoadAnnotations, CheckedLoadImageFromFile
from .loading import LoadFlowFrames, LoadFrames, LoadMasks
from .sampling import LengthRateSample, SegmentRandomSample
from .tubelet import (TubeletCenterCrop, TubeletFlip, TubeletRandomCrop,
                      TubeletRandomRescale, TubeletResize)
from .two_in_one import AddFlowMagnitude
from .video_loading import CheckedDecordInit, CheckedOpenCVInit

__all__ = [
    'AddFlowMagnitude',
    'AVATubeletBoxes', 'CORRUPTIONS', 'CheckedDecordInit',
    'CheckedLoadAnnotations', 'CheckedLoadImageFromFile',
    'CheckedOpenCVInit', 'ColorizationTargets',
    'ImageCorruption', 'ImagePerturbation', 'LengthRateSample',
    'LoadFeatureBank',
    'LoadFlowFrames', 'LoadFrames', 'LoadMasks', 'PackColorizationInputs',
    'PackTubeletInputs',
    'SegmentRandomSample', 'StackFlow', 'TubeletCenterCrop', 'TubeletFlip',
    'TubeletRandomCrop', 'TubeletRandomRescale', 'TubeletResize'
]
