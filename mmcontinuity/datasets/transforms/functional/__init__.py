"""Image corruptions (ImageNet-C) and perturbation sequences (ImageNet-P)
as plain numpy/scipy/OpenCV functions, applied by the transforms of
:mod:`..corruption` and by ``PerturbationSequenceDataset``."""
from .color import hsv_to_rgb, rgb_to_hsv, to_uint8, unit_rgb
from .corruptions import CORRUPTIONS, IMAGENET_C, corrupt
from .perturbations import (NOISE_PERTURBATIONS, PERTURBATIONS,
                            perturbation_frame, perturbation_sequence)

__all__ = [
    'hsv_to_rgb', 'rgb_to_hsv', 'to_uint8', 'unit_rgb', 'CORRUPTIONS',
    'IMAGENET_C', 'corrupt', 'NOISE_PERTURBATIONS', 'PERTURBATIONS',
    'perturbation_frame', 'perturbation_sequence'
]
