"""Intensity and colour-space conversions shared by the corruptions and the
perturbations (RGB images, values in [0, 1] as float64)."""
import numpy as np


def unit_rgb(image):
    """``(H, W, 3)`` uint8 RGB image as float64 in [0, 1]."""
    image = np.asarray(image)
    if image.ndim != 3 or image.shape[2] != 3 or image.dtype != np.uint8:
        raise ValueError(f'expected an (H, W, 3) uint8 RGB image, got '
                         f'{image.shape} {image.dtype}')
    return image.astype(np.float64) / 255


def to_uint8(x):
    """Values in [0, 1] (clipped) to rounded uint8."""
    return np.round(np.clip(x, 0, 1) * 255).astype(np.uint8)


def rgb_to_hsv(x):
    """``(..., 3)`` RGB in [0, 1] to HSV in [0, 1]."""
    r, g, b = np.moveaxis(x, -1, 0)
    v = x.max(-1)
    delta = v - x.min(-1)
    s = np.where(v > 0, delta / np.where(v > 0, v, 1), 0)
    safe = np.where(delta > 0, delta, 1)
    h = np.where(v == r, (g - b) / safe,
                 np.where(v == g, 2 + (b - r) / safe, 4 + (r - g) / safe))
    h = np.where(delta > 0, (h / 6) % 1, 0)
    return np.stack([h, s, v], -1)


def hsv_to_rgb(x):
    """``(..., 3)`` HSV in [0, 1] to RGB in [0, 1]."""
    h, s, v = np.moveaxis(x, -1, 0)
    sector = np.floor(h * 6) % 6
    f = h * 6 - np.floor(h * 6)
    p, q, t = v * (1 - s), v * (1 - s * f), v * (1 - s * (1 - f))
    table = np.stack([np.stack(c, -1) for c in
                      ((v, t, p), (q, v, p), (p, v, t), (p, q, v), (t, p, v),
                       (v, p, q))])
    return np.take_along_axis(
        table, sector.astype(int)[None, ..., None], 0)[0]
