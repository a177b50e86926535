"""Image corruptions of ImageNet-C (Hendrycks & Dietterich, ICLR 2019).

Re-implemented with numpy/scipy/Pillow so that no file or tool has to be
downloaded: the severity parameters are those of the paper's release, the
kernels are built here (the release builds some with OpenCV/ImageMagick),
so outputs are statistically equivalent but not bit-identical to the
published ImageNet-C images. Implemented: the noise, blur (without glass
blur), digital (without elastic transform) and fog corruptions, plus the
extra speckle noise, Gaussian blur and saturate. Frost (needs the release's
frost photographs), snow, spatter, glass blur and elastic transform are not
provided.

Every function takes an ``(H, W, 3)`` uint8 RGB image, a severity in 1..5
and a ``numpy.random.Generator`` and returns an ``(H, W, 3)`` uint8 image.
"""
import io

import numpy as np
from PIL import Image
from scipy import ndimage


def _unit(image):
    image = np.asarray(image)
    if image.ndim != 3 or image.shape[2] != 3 or image.dtype != np.uint8:
        raise ValueError(f'expected an (H, W, 3) uint8 RGB image, got '
                         f'{image.shape} {image.dtype}')
    return image.astype(np.float64) / 255


def _to_uint8(x):
    return np.round(np.clip(x, 0, 1) * 255).astype(np.uint8)


def gaussian_noise(image, severity, rng):
    """Additive N(0, c^2) noise on [0, 1] intensities."""
    c = (0.08, 0.12, 0.18, 0.26, 0.38)[severity - 1]
    x = _unit(image)
    return _to_uint8(x + rng.normal(0, c, x.shape))


def shot_noise(image, severity, rng):
    """Poisson noise: ``Poisson(x * c) / c``."""
    c = (60, 25, 12, 5, 3)[severity - 1]
    return _to_uint8(rng.poisson(_unit(image) * c) / c)


def impulse_noise(image, severity, rng):
    """Salt-and-pepper noise on a fraction ``c`` of the values."""
    c = (0.03, 0.06, 0.09, 0.17, 0.27)[severity - 1]
    x = _unit(image)
    hit = rng.random(x.shape) < c
    return _to_uint8(np.where(hit, rng.random(x.shape) < 0.5, x))


def speckle_noise(image, severity, rng):
    """Multiplicative noise ``x + x * N(0, c^2)``."""
    c = (0.15, 0.2, 0.35, 0.45, 0.6)[severity - 1]
    x = _unit(image)
    return _to_uint8(x + x * rng.normal(0, c, x.shape))


def _filter_channels(x, kernel):
    """Convolve each channel of ``(H, W, 3)`` with a 2-D kernel."""
    return ndimage.convolve(x, kernel[:, :, None], mode='reflect')


def gaussian_blur(image, severity, rng):
    """Gaussian blur of standard deviation ``c`` pixels."""
    c = (1, 2, 3, 4, 6)[severity - 1]
    return _to_uint8(ndimage.gaussian_filter(_unit(image), (c, c, 0)))


def defocus_blur(image, severity, rng):
    """Blur by a disk of radius ``r`` anti-aliased by a Gaussian."""
    radius, alias = ((3, 0.1), (4, 0.5), (6, 0.5), (8, 0.5),
                     (10, 0.5))[severity - 1]
    half = max(8, radius)
    y, x = np.mgrid[-half:half + 1, -half:half + 1]
    kernel = ndimage.gaussian_filter((x * x + y * y <= radius ** 2) * 1.0,
                                     alias)
    return _to_uint8(_filter_channels(_unit(image), kernel / kernel.sum()))


def motion_blur(image, severity, rng):
    """One-sided blur along a random direction in [-45, 45] degrees with
    Gaussian weights over ``radius`` pixels (ImageMagick's ``-motion-blur``
    geometry)."""
    radius, sigma = ((10, 3), (15, 5), (15, 8), (15, 12),
                     (20, 15))[severity - 1]
    angle = np.deg2rad(rng.uniform(-45, 45))
    steps = np.arange(radius + 1)
    dx = np.rint(steps * np.cos(angle)).astype(int)
    dy = np.rint(steps * np.sin(angle)).astype(int)
    kernel = np.zeros((2 * radius + 1, 2 * radius + 1))
    np.add.at(kernel, (radius + dy, radius + dx),
              np.exp(-steps ** 2 / (2 * sigma ** 2)))
    return _to_uint8(_filter_channels(_unit(image), kernel / kernel.sum()))


def zoom_blur(image, severity, rng):
    """Mean of the image and its central zooms by the factors ``c``."""
    c = (np.arange(1, 1.11, 0.01), np.arange(1, 1.16, 0.01),
         np.arange(1, 1.21, 0.02), np.arange(1, 1.26, 0.02),
         np.arange(1, 1.31, 0.03))[severity - 1]
    x = _unit(image)
    h, w = x.shape[:2]
    out = x.copy()
    for z in c:
        ch, cw = int(np.ceil(h / z)), int(np.ceil(w / z))
        top, left = (h - ch) // 2, (w - cw) // 2
        crop = x[top:top + ch, left:left + cw]
        zoomed = ndimage.zoom(crop, (h / ch, w / cw, 1), order=1)
        out += zoomed[:h, :w]
    return _to_uint8(out / (len(c) + 1))


def contrast(image, severity, rng):
    """Contrast scaled by ``c`` around the per-channel mean."""
    c = (0.4, 0.3, 0.2, 0.1, 0.05)[severity - 1]
    x = _unit(image)
    mean = x.mean((0, 1), keepdims=True)
    return _to_uint8((x - mean) * c + mean)


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


def brightness(image, severity, rng):
    """HSV value increased by ``c``."""
    c = (0.1, 0.2, 0.3, 0.4, 0.5)[severity - 1]
    hsv = rgb_to_hsv(_unit(image))
    hsv[..., 2] = np.clip(hsv[..., 2] + c, 0, 1)
    return _to_uint8(hsv_to_rgb(hsv))


def saturate(image, severity, rng):
    """HSV saturation mapped to ``s * a + b``."""
    a, b = ((0.3, 0), (0.1, 0), (2, 0), (5, 0.1), (20, 0.2))[severity - 1]
    hsv = rgb_to_hsv(_unit(image))
    hsv[..., 1] = np.clip(hsv[..., 1] * a + b, 0, 1)
    return _to_uint8(hsv_to_rgb(hsv))


def jpeg_compression(image, severity, rng):
    """JPEG encoding at quality ``c`` (Pillow)."""
    quality = (25, 18, 15, 10, 7)[severity - 1]
    _unit(image)
    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, 'JPEG', quality=quality)
    return np.asarray(Image.open(buffer).convert('RGB'))


def pixelate(image, severity, rng):
    """Box downsampling by the factor ``c`` and box upsampling back."""
    c = (0.6, 0.5, 0.4, 0.3, 0.25)[severity - 1]
    _unit(image)
    h, w = image.shape[:2]
    small = Image.fromarray(image).resize(
        (max(int(w * c), 1), max(int(h * c), 1)), Image.BOX)
    return np.asarray(small.resize((w, h), Image.BOX))


def plasma_fractal(size, decay, rng):
    """``(size, size)`` diamond-square fractal in [0, 1] (size a power of
    2); the random amplitude is divided by ``decay`` at every octave."""
    if size < 2 or size & (size - 1):
        raise ValueError(f'size must be a power of 2 >= 2, got {size}')
    grid = np.zeros((size, size))
    step, wibble = size, 100.0
    while step >= 2:
        half = step // 2
        corners = grid[::step, ::step]
        down, right = np.roll(corners, -1, 0), np.roll(corners, -1, 1)
        centre = (corners + down + right + np.roll(down, -1, 1)) / 4
        centre += rng.uniform(-wibble, wibble, centre.shape)
        grid[half::step, half::step] = centre
        top = (corners + right + centre + np.roll(centre, 1, 0)) / 4
        left = (corners + down + centre + np.roll(centre, 1, 1)) / 4
        grid[::step, half::step] = top + rng.uniform(-wibble, wibble,
                                                     top.shape)
        grid[half::step, ::step] = left + rng.uniform(-wibble, wibble,
                                                      left.shape)
        wibble /= decay
        step = half
    grid -= grid.min()
    return grid / grid.max()


def fog(image, severity, rng):
    """Plasma-fractal fog of strength ``c0`` and roughness ``c1``."""
    strength, decay = ((1.5, 2), (2., 2), (2.5, 1.7), (2.5, 1.5),
                       (3., 1.4))[severity - 1]
    x = _unit(image)
    h, w = x.shape[:2]
    size = 1 << int(np.ceil(np.log2(max(h, w, 2))))
    peak = x.max()
    x = x + strength * plasma_fractal(size, decay, rng)[:h, :w, None]
    return _to_uint8(x * peak / (peak + strength))


CORRUPTIONS = {
    f.__name__: f
    for f in (gaussian_noise, shot_noise, impulse_noise, speckle_noise,
              gaussian_blur, defocus_blur, motion_blur, zoom_blur, contrast,
              brightness, saturate, jpeg_compression, pixelate, fog)
}


def corrupt(image, name, severity, rng=None):
    """Apply corruption ``name`` (a key of :data:`CORRUPTIONS`).

    Args:
        image (np.ndarray): ``(H, W, 3)`` uint8 RGB image.
        name (str): Corruption name.
        severity (int): 1 (mild) to 5 (strong).
        rng (np.random.Generator, optional): Random source (fresh if None).

    Returns:
        np.ndarray: ``(H, W, 3)`` uint8 corrupted image.
    """
    if name not in CORRUPTIONS:
        raise ValueError(f'unknown corruption {name!r}; available: '
                         f'{sorted(CORRUPTIONS)}')
    if severity not in (1, 2, 3, 4, 5):
        raise ValueError(f'severity must be 1..5, got {severity!r}')
    return CORRUPTIONS[name](image, severity,
                             rng if rng is not None else
                             np.random.default_rng())
