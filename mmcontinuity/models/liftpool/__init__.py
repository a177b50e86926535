"""LiftPool (thesis Ch. 3): bidirectional pooling by the lifting scheme."""
from .lift_pool import (CDF53LiftDownPool1d, CDF53LiftDownPool2d, LiftBands,
                        LiftBands1d, LiftDownPool1d, LiftDownPool2d,
                        LiftingFilter, LiftUpPool1d, LiftUpPool2d)
from .losses import lifting_losses

__all__ = [
    'LiftBands', 'LiftBands1d', 'LiftingFilter', 'LiftDownPool1d',
    'LiftDownPool2d', 'CDF53LiftDownPool1d', 'CDF53LiftDownPool2d',
    'LiftUpPool1d', 'LiftUpPool2d', 'lifting_losses'
]
