"""Perturbation sequences in the style of ImageNet-P (Hendrycks & Dietterich,
ICLR 2019), for flip rates (Table 3.5, Figure A.4).

A sequence shows one image in ``num_frames`` frames; frame 0 is the clean
image. Noise perturbations (:data:`NOISE_PERTURBATIONS`) draw independent
noise for every later frame, and flips are counted against frame 0; the
others change one parameter step by step, ``frame_index`` steps at frame
``frame_index``, and flips are counted between consecutive frames:

========================  =============================================
``gaussian_noise``        additive N(0, 0.04^2) on [0, 1] intensities
``shot_noise``            ``Poisson(60 x) / 60``
``speckle_noise``         ``x + x * N(0, 0.1^2)``
``translate``             shift by 1 pixel per frame, along one of the
                          four axis directions (random per sequence)
``rotate``                1.5 degrees per frame about the centre,
                          random sense per sequence
``scale``                 zoom by 1.03 per frame, in or out (random per
                          sequence)
``brightness``            HSV value + 0.03 per frame
``gaussian_blur``         Gaussian blur of 0.25 pixels per frame
========================  =============================================

Geometric frames reflect the image at the border (OpenCV
``BORDER_REFLECT_101``) and sample bilinearly. The step sizes are ours,
chosen so that the last of 10 frames is a mild change of a 32-pixel image:
ImageNet-P's generation scripts (31 frames of 224-pixel images, some from
videos of a larger crop) are not reproduced.

The frame depends only on the image, the type, ``frame_index`` and
``seed`` (sequence-level choices from ``default_rng(seed)``, the noise of a
frame from ``default_rng([*seed, frame_index])``), so any frame can be
made alone, in any order.
"""
import cv2
import numpy as np
from scipy import ndimage

from .color import hsv_to_rgb, rgb_to_hsv, to_uint8, unit_rgb

#: types whose flips are counted against the clean first frame.
NOISE_PERTURBATIONS = ('gaussian_noise', 'shot_noise', 'speckle_noise')


def _warp(x, matrix):
    h, w = x.shape[:2]
    return cv2.warpAffine(x, matrix, (w, h), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_REFLECT_101)


def _gaussian_noise(x, j, seq_rng, frame_rng):
    return x + frame_rng.normal(0, 0.04, x.shape)


def _shot_noise(x, j, seq_rng, frame_rng):
    return frame_rng.poisson(x * 60) / 60


def _speckle_noise(x, j, seq_rng, frame_rng):
    return x + x * frame_rng.normal(0, 0.1, x.shape)


def _translate(x, j, seq_rng, frame_rng):
    dx, dy = ((1, 0), (-1, 0), (0, 1), (0, -1))[seq_rng.integers(4)]
    return _warp(x, np.float64([[1, 0, j * dx], [0, 1, j * dy]]))


def _rotate(x, j, seq_rng, frame_rng):
    h, w = x.shape[:2]
    angle = 1.5 * j * seq_rng.choice((-1, 1))
    return _warp(x, cv2.getRotationMatrix2D(((w - 1) / 2, (h - 1) / 2),
                                            angle, 1.0))


def _scale(x, j, seq_rng, frame_rng):
    h, w = x.shape[:2]
    factor = 1.03 ** (j * seq_rng.choice((-1, 1)))
    return _warp(x, cv2.getRotationMatrix2D(((w - 1) / 2, (h - 1) / 2), 0,
                                            factor))


def _brightness(x, j, seq_rng, frame_rng):
    hsv = rgb_to_hsv(x)
    hsv[..., 2] = np.clip(hsv[..., 2] + 0.03 * j, 0, 1)
    return hsv_to_rgb(hsv)


def _gaussian_blur(x, j, seq_rng, frame_rng):
    sigma = 0.25 * j
    return ndimage.gaussian_filter(x, (sigma, sigma, 0))


PERTURBATIONS = {
    name: fn
    for name, fn in (('gaussian_noise', _gaussian_noise),
                     ('shot_noise', _shot_noise),
                     ('speckle_noise', _speckle_noise),
                     ('translate', _translate), ('rotate', _rotate),
                     ('scale', _scale), ('brightness', _brightness),
                     ('gaussian_blur', _gaussian_blur))
}


def perturbation_frame(image, name, frame_index, seed):
    """Frame ``frame_index`` of the perturbation sequence ``name``.

    Args:
        image (np.ndarray): ``(H, W, 3)`` uint8 RGB clean image.
        name (str): A key of :data:`PERTURBATIONS`.
        frame_index (int): Position in the sequence, 0 = clean image.
        seed (int | Sequence[int]): Seed of the sequence.

    Returns:
        np.ndarray: ``(H, W, 3)`` uint8 frame.
    """
    if name not in PERTURBATIONS:
        raise ValueError(f'unknown perturbation {name!r}; available: '
                         f'{sorted(PERTURBATIONS)}')
    if int(frame_index) != frame_index or frame_index < 0:
        raise ValueError(f'frame_index must be a non-negative integer, got '
                         f'{frame_index!r}')
    x = unit_rgb(image)
    if frame_index == 0:
        return image.copy()
    seed = list(np.atleast_1d(seed).astype(np.int64))
    out = PERTURBATIONS[name](x, int(frame_index),
                              np.random.default_rng(seed),
                              np.random.default_rng(seed + [frame_index]))
    return to_uint8(out)


def perturbation_sequence(image, name, num_frames, seed):
    """All ``(num_frames, H, W, 3)`` uint8 frames of a sequence (frame 0
    clean), as :func:`perturbation_frame` makes them one by one."""
    if num_frames < 2:
        raise ValueError(f'a sequence needs at least 2 frames, got '
                         f'{num_frames}')
    return np.stack([perturbation_frame(image, name, j, seed)
                     for j in range(num_frames)])
