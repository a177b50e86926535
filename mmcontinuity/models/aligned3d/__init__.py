"""Aligned 3D convolutions (Chapter 5) and their baselines."""
from .frame_segmentor import FrameSegmentor

__all__ = ['FrameSegmentor']
