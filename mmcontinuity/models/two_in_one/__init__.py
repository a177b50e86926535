"""Two-in-one stream action detection (thesis Chapter 4): motion condition
and modulation layers, the modulated backbone wrapper and the SSD
detectors."""
from .modulated_backbone import MotionModulatedBackbone, vgg_stage_names
from .motion import MotionCondition, MotionModulation
from .ssd import SingleFrameSSD
from .ssd_head import GlobalNormSSDHead
from .fusion import (TwoStreamSSD, boost_fusion, mean_fusion,
                     union_fusion)
from .recognizer import TwoStreamRecognizer
from .tubelet_ssd import MultiFrameSSD, TubeletSSDHead, tubelet_iou

__all__ = [
    'MotionCondition', 'MotionModulation', 'MotionModulatedBackbone',
    'SingleFrameSSD', 'GlobalNormSSDHead', 'vgg_stage_names',
    'TwoStreamSSD', 'boost_fusion',
    'mean_fusion', 'union_fusion', 'TwoStreamRecognizer', 'MultiFrameSSD',
    'TubeletSSDHead', 'tubelet_iou'
]
