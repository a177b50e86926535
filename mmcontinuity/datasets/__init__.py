"""Real-format datasets, their transforms and the built-in benchmark."""
from . import transforms  # noqa: F401  (registers the transforms)
from .act_dataset import ACTTubeletDataset
from .ava_dataset import AVATubeletDataset, ava_key_frame_index
from .bad_samples import (BadAnnotationError, BadSampleError,
                          CorruptFileError, MissingFileError,
                          SkippedSamplesHook)
from .davis_dataset import DAVIS2016Dataset, parse_davis_image_set
from .image_datasets import CheckedBaseSegDataset, CheckedCustomDataset
from .list_datasets import CheckedRawframeDataset, CheckedVideoDataset
from .perturbation_dataset import PerturbationSequenceDataset

__all__ = [
    'ACTTubeletDataset', 'AVATubeletDataset', 'DAVIS2016Dataset',
    'BadAnnotationError', 'BadSampleError', 'CheckedBaseSegDataset',
    'CheckedCustomDataset', 'CheckedRawframeDataset',
    'CheckedVideoDataset', 'CorruptFileError',
    'MissingFileError', 'SkippedSamplesHook',
    'PerturbationSequenceDataset',
    'ava_key_frame_index',
    'parse_davis_image_set'
]
