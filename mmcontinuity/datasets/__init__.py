"""Real-format datasets, their transforms and the built-in benchmark."""
from . import transforms  # noqa: F401  (registers the transforms)
from .act_dataset import ACTTubeletDataset, VideoTubes, load_act_gt

__all__ = ['ACTTubeletDataset', 'VideoTubes', 'load_act_gt']
