"""Pixelated semantic colorization (Chapter 2) and its baselines."""
from .ab_classifier import (ABClassificationColorizer, ab_gamut_bins,
                            annealed_mean, soft_encode)

__all__ = [
    'ABClassificationColorizer', 'ab_gamut_bins', 'annealed_mean',
    'soft_encode'
]
