"""Aligned 3D convolutions (Chapter 5) and their baselines."""
from .aligned_conv import (AlignedConv3d, BaseAlignedConv3d,
                           PatchToPatchAlignedConv3d,
                           PointToPointAlignedConv3d, patch_to_patch_conv3d,
                           patch_to_point_conv3d, point_to_point_conv3d, warp)
from .aligned_resnet3d import AlignedResNet3d
from .deeplab3d import ASPP3d, DeepLab3D
from .dual_recognizer import DualRecognizer3D
from .frame_segmentor import FrameSegmentor
from .offset_head import OffsetHead
from .offsets import ConcatOffsets, CorrelationOffsets
from .trajectory import (FlowOffsets, TrajectoryConv3d, flow_to_offsets,
                         trajectory_flow)

__all__ = [
    'FrameSegmentor', 'AlignedConv3d', 'BaseAlignedConv3d',
    'PatchToPatchAlignedConv3d', 'PointToPointAlignedConv3d',
    'patch_to_patch_conv3d', 'patch_to_point_conv3d', 'point_to_point_conv3d',
    'warp', 'ConcatOffsets', 'CorrelationOffsets', 'FlowOffsets',
    'TrajectoryConv3d', 'flow_to_offsets', 'trajectory_flow',
    'AlignedResNet3d', 'ASPP3d', 'DeepLab3D', 'DualRecognizer3D', 'OffsetHead'
]
