"""MMEngine metrics wrapping :mod:`mmcontinuity.evaluation.functional`,
registered in the METRICS registry of the library whose configs use them."""
from .colorization_metric import ColorizationMetric
from .davis_metric import DAVISMetric
from .robustness_metric import CorruptionError, FlipRate, ShiftConsistency
from .tubelet_map import TubeletVideoMAP

__all__ = [
    'ColorizationMetric', 'DAVISMetric',
    'CorruptionError', 'FlipRate', 'ShiftConsistency', 'TubeletVideoMAP'
]
