"""TubeR (Chapter 6): tubelet transformer for video action detection."""
from .data_preprocessor import TubeletDataPreprocessor
from .heads import TubeletBoxHead, TubeletClsHead
from .late_fusion import TubeRLateFusion
from .long_term_context import LongTermContext
from .losses import TubeletCriterion
from .matcher import TubeletHungarianMatcher
from .positional_encoding import SinePositionalEncoding3D, sine_embed
from .queries import TubeletQueries
from .query_selection import TubeletQuerySelection
from .transformer import (FrameLocalTubeRDecoderLayer, TubeRDecoder,
                          TubeRDecoderLayer, TubeREncoder, TubeREncoderLayer)
from .tta import TubeRTTAModel, tubelet_iou_pairwise
from .tubelet_attention import TubeletAttention
from .tuber import (TubeR, boxes_at_frame, frame_weights,
                    output_frame_indices)
from .tuber_anchored import TubeRWithReferenceBoxes
from .tuber_with_proposals import TubeRWithProposals
from .two_stream import TwoStreamTubeR

__all__ = [
    'TubeletDataPreprocessor',
    'TubeletBoxHead', 'TubeletClsHead', 'LongTermContext', 'TubeletCriterion',
    'TubeletHungarianMatcher', 'SinePositionalEncoding3D', 'sine_embed',
    'TubeletQueries', 'TubeletQuerySelection',
    'FrameLocalTubeRDecoderLayer', 'TubeRDecoder', 'TubeRDecoderLayer',
    'TubeREncoder', 'TubeREncoderLayer',
    'TubeRLateFusion', 'TubeRTTAModel', 'tubelet_iou_pairwise',
    'TubeletAttention', 'TubeR',
    'TubeRWithReferenceBoxes', 'TubeRWithProposals',
    'TwoStreamTubeR', 'boxes_at_frame',
    'frame_weights', 'output_frame_indices'
]
