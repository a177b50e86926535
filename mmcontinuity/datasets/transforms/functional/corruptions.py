"""Image corruptions of ImageNet-C (Hendrycks & Dietterich, ICLR 2019).

Re-implemented with numpy/scipy/OpenCV/Pillow so that no file or tool has to
be downloaded: the severity parameters are those of the paper's release, the
kernels and loops are written here (the release builds some kernels with
ImageMagick and shuffles pixels one at a time), so outputs are statistically
equivalent but not bit-identical to the published ImageNet-C images. All 15
ImageNet-C corruptions are provided (noise: Gaussian, shot, impulse; blur:
defocus, glass, motion, zoom; weather: snow, frost, fog; digital: brightness,
contrast, elastic transform, pixelate, JPEG), plus the extra speckle noise,
Gaussian blur, spatter and saturate. Deviations from the release:

* **frost** blends a procedural frost texture (:func:`frost_texture`) where
  the release crops one of six frost photographs;
* **glass blur** swaps pixels in batches of non-interfering pairs
  (:func:`local_pixel_shuffle`) instead of in reverse raster order;
* **elastic transform** scales the release's parameters (written for 224
  pixel images) with the shorter image side.

Every function takes an ``(H, W, 3)`` uint8 RGB image, a severity in 1..5
and a ``numpy.random.Generator`` and returns an ``(H, W, 3)`` uint8 image;
the output depends only on the image, the severity and the generator's
state.
"""
import io

import cv2
import numpy as np
from PIL import Image
from scipy import ndimage

from .color import hsv_to_rgb, rgb_to_hsv, to_uint8, unit_rgb


def gaussian_noise(image, severity, rng):
    """Additive N(0, c^2) noise on [0, 1] intensities."""
    c = (0.08, 0.12, 0.18, 0.26, 0.38)[severity - 1]
    x = unit_rgb(image)
    return to_uint8(x + rng.normal(0, c, x.shape))


def shot_noise(image, severity, rng):
    """Poisson noise: ``Poisson(x * c) / c``."""
    c = (60, 25, 12, 5, 3)[severity - 1]
    return to_uint8(rng.poisson(unit_rgb(image) * c) / c)


def impulse_noise(image, severity, rng):
    """Salt-and-pepper noise on a fraction ``c`` of the values."""
    c = (0.03, 0.06, 0.09, 0.17, 0.27)[severity - 1]
    x = unit_rgb(image)
    hit = rng.random(x.shape) < c
    return to_uint8(np.where(hit, rng.random(x.shape) < 0.5, x))


def speckle_noise(image, severity, rng):
    """Multiplicative noise ``x + x * N(0, c^2)``."""
    c = (0.15, 0.2, 0.35, 0.45, 0.6)[severity - 1]
    x = unit_rgb(image)
    return to_uint8(x + x * rng.normal(0, c, x.shape))


def _filter_channels(x, kernel):
    """Convolve each channel of ``(H, W, 3)`` with a 2-D kernel."""
    return ndimage.convolve(x, kernel[:, :, None], mode='reflect')


def gaussian_blur(image, severity, rng):
    """Gaussian blur of standard deviation ``c`` pixels."""
    c = (1, 2, 3, 4, 6)[severity - 1]
    return to_uint8(ndimage.gaussian_filter(unit_rgb(image), (c, c, 0)))


def defocus_blur(image, severity, rng):
    """Blur by a disk of radius ``r`` anti-aliased by a Gaussian."""
    radius, alias = ((3, 0.1), (4, 0.5), (6, 0.5), (8, 0.5),
                     (10, 0.5))[severity - 1]
    half = max(8, radius)
    y, x = np.mgrid[-half:half + 1, -half:half + 1]
    kernel = ndimage.gaussian_filter((x * x + y * y <= radius ** 2) * 1.0,
                                     alias)
    return to_uint8(_filter_channels(unit_rgb(image), kernel / kernel.sum()))


def _motion_kernel(radius, sigma, angle):
    """``(2 radius + 1, 2 radius + 1)`` one-sided line kernel along
    ``angle`` (radians, image axes) with Gaussian weights of standard
    deviation ``sigma`` over ``radius`` pixels (ImageMagick's
    ``-motion-blur`` geometry), normalised to sum 1."""
    steps = np.arange(radius + 1)
    dx = np.rint(steps * np.cos(angle)).astype(int)
    dy = np.rint(steps * np.sin(angle)).astype(int)
    kernel = np.zeros((2 * radius + 1, 2 * radius + 1))
    np.add.at(kernel, (radius + dy, radius + dx),
              np.exp(-steps ** 2 / (2 * sigma ** 2)))
    return kernel / kernel.sum()


def motion_blur(image, severity, rng):
    """One-sided blur along a random direction in [-45, 45] degrees with
    Gaussian weights over ``radius`` pixels (:func:`_motion_kernel`)."""
    radius, sigma = ((10, 3), (15, 5), (15, 8), (15, 12),
                     (20, 15))[severity - 1]
    angle = np.deg2rad(rng.uniform(-45, 45))
    return to_uint8(_filter_channels(unit_rgb(image),
                                     _motion_kernel(radius, sigma, angle)))


def _central_zoom(x, factor):
    """Zoom ``(H, W, ...)`` into its centre by ``factor`` >= 1 (bilinear),
    keeping the size."""
    h, w = x.shape[:2]
    ch, cw = int(np.ceil(h / factor)), int(np.ceil(w / factor))
    top, left = (h - ch) // 2, (w - cw) // 2
    crop = x[top:top + ch, left:left + cw]
    zoom = (h / ch, w / cw) + (1, ) * (x.ndim - 2)
    return ndimage.zoom(crop, zoom, order=1)[:h, :w]


def zoom_blur(image, severity, rng):
    """Mean of the image and its central zooms by the factors ``c``."""
    c = (np.arange(1, 1.11, 0.01), np.arange(1, 1.16, 0.01),
         np.arange(1, 1.21, 0.02), np.arange(1, 1.26, 0.02),
         np.arange(1, 1.31, 0.03))[severity - 1]
    x = unit_rgb(image)
    out = x + sum(_central_zoom(x, z) for z in c)
    return to_uint8(out / (len(c) + 1))


def local_pixel_shuffle(x, max_delta, iterations, rng):
    """Swap every pixel with a random neighbour at most ``max_delta`` pixels
    away in each axis, ``iterations`` times (the glass of glass blur).

    The release visits the pixels one by one; here the sources of one batch
    lie on a lattice of period ``2 max_delta + 1``, so the swaps of a batch
    touch disjoint pixels and run at once; ``(2 max_delta + 1) ** 2``
    batches (all lattice offsets) make one iteration. Sources keep
    ``max_delta`` pixels from the border, so every partner is inside the
    image. As in the release, a pixel moved in one batch can be moved again
    by a later one. The result is a permutation of the input's pixels.

    Args:
        x (np.ndarray): ``(H, W, ...)`` image.
        max_delta (int): Largest displacement per axis.
        iterations (int): Passes over the image.
        rng (np.random.Generator): Random source.

    Returns:
        np.ndarray: ``(H, W, ...)`` shuffled copy of ``x``.
    """
    if max_delta < 1:
        raise ValueError(f'max_delta must be >= 1, got {max_delta}')
    h, w = x.shape[:2]
    period = 2 * max_delta + 1
    out = x.copy()
    for _ in range(iterations):
        for oy in range(period):
            for ox in range(period):
                sy, sx = np.meshgrid(
                    np.arange(max_delta + oy, h - max_delta, period),
                    np.arange(max_delta + ox, w - max_delta, period),
                    indexing='ij')
                dy, dx = rng.integers(-max_delta, max_delta + 1,
                                      (2, ) + sy.shape)
                ty, tx = sy + dy, sx + dx
                source = out[sy, sx]
                out[sy, sx] = out[ty, tx]
                out[ty, tx] = source
    return out


def glass_blur(image, severity, rng):
    """Gaussian blur (``sigma``), local pixel shuffling within
    ``max_delta`` pixels for ``iterations`` passes
    (:func:`local_pixel_shuffle`), Gaussian blur again."""
    sigma, max_delta, iterations = ((0.7, 1, 2), (0.9, 2, 1), (1, 2, 3),
                                    (1.1, 3, 2), (1.5, 4, 2))[severity - 1]
    x = ndimage.gaussian_filter(unit_rgb(image), (sigma, sigma, 0))
    x = local_pixel_shuffle(x, max_delta, iterations, rng)
    return to_uint8(ndimage.gaussian_filter(x, (sigma, sigma, 0)))


def contrast(image, severity, rng):
    """Contrast scaled by ``c`` around the per-channel mean."""
    c = (0.4, 0.3, 0.2, 0.1, 0.05)[severity - 1]
    x = unit_rgb(image)
    mean = x.mean((0, 1), keepdims=True)
    return to_uint8((x - mean) * c + mean)


def brightness(image, severity, rng):
    """HSV value increased by ``c``."""
    c = (0.1, 0.2, 0.3, 0.4, 0.5)[severity - 1]
    hsv = rgb_to_hsv(unit_rgb(image))
    hsv[..., 2] = np.clip(hsv[..., 2] + c, 0, 1)
    return to_uint8(hsv_to_rgb(hsv))


def saturate(image, severity, rng):
    """HSV saturation mapped to ``s * a + b``."""
    a, b = ((0.3, 0), (0.1, 0), (2, 0), (5, 0.1), (20, 0.2))[severity - 1]
    hsv = rgb_to_hsv(unit_rgb(image))
    hsv[..., 1] = np.clip(hsv[..., 1] * a + b, 0, 1)
    return to_uint8(hsv_to_rgb(hsv))


def jpeg_compression(image, severity, rng):
    """JPEG encoding at quality ``c`` (Pillow)."""
    quality = (25, 18, 15, 10, 7)[severity - 1]
    unit_rgb(image)
    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, 'JPEG', quality=quality)
    return np.asarray(Image.open(buffer).convert('RGB'))


def pixelate(image, severity, rng):
    """Box downsampling by the factor ``c`` and box upsampling back."""
    c = (0.6, 0.5, 0.4, 0.3, 0.25)[severity - 1]
    unit_rgb(image)
    h, w = image.shape[:2]
    small = Image.fromarray(image).resize(
        (max(int(w * c), 1), max(int(h * c), 1)), Image.BOX)
    return np.asarray(small.resize((w, h), Image.BOX))


def elastic_transform(image, severity, rng):
    """Random affine warp, then a smooth random displacement field.

    Release parameters ``(alpha, sigma, shift)`` are fractions of 244 on
    224-pixel images; here they multiply ``244 / 224`` times the shorter
    side ``s``. The affine map moves three points at ``s // 3`` from the
    centre by U(-shift, shift) pixels each (reflected border); the field
    is U(-1, 1) noise per pixel and axis, Gaussian-smoothed (``sigma``,
    truncated at 3 sigma) and scaled by ``alpha``, applied with bilinear
    sampling and reflection at the border. A constant image is unchanged.
    """
    alpha, sigma, shift = ((2, 0.7, 0.1), (2, 0.08, 0.2), (0.05, 0.01, 0.02),
                           (0.07, 0.01, 0.02), (0.12, 0.01,
                                                0.02))[severity - 1]
    x = unit_rgb(image).astype(np.float32)
    h, w = x.shape[:2]
    scale = 244 / 224 * min(h, w)
    alpha, sigma, shift = alpha * scale, sigma * scale, shift * scale
    cx, cy, d = w // 2, h // 2, max(1, min(h, w) // 3)
    src = np.float32([[cx + d, cy + d], [cx + d, cy - d], [cx - d, cy - d]])
    dst = (src + rng.uniform(-shift, shift, src.shape)).astype(np.float32)
    x = cv2.warpAffine(x, cv2.getAffineTransform(src, dst), (w, h),
                       flags=cv2.INTER_LINEAR,
                       borderMode=cv2.BORDER_REFLECT_101)
    dy, dx = (alpha * ndimage.gaussian_filter(
        rng.uniform(-1, 1, (h, w)), sigma, mode='reflect', truncate=3)
        for _ in range(2))
    yy, xx = np.mgrid[:h, :w]
    coords = np.stack([yy + dy, xx + dx])
    out = np.stack([
        ndimage.map_coordinates(x[..., c].astype(np.float64), coords,
                                order=1, mode='reflect') for c in range(3)
    ], -1)
    return to_uint8(out)


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
    x = unit_rgb(image)
    h, w = x.shape[:2]
    size = 1 << int(np.ceil(np.log2(max(h, w, 2))))
    peak = x.max()
    x = x + strength * plasma_fractal(size, decay, rng)[:h, :w, None]
    return to_uint8(x * peak / (peak + strength))


def snow(image, severity, rng):
    """Falling snow over a whitened, slightly brightened image.

    Snow layer: N(``loc``, ``scale``) per pixel, zoomed into its centre by
    ``zoom`` (bilinear: flakes of several pixels), values below
    ``threshold`` set to 0, clipped to [0, 1], motion-blurred
    (:func:`_motion_kernel` with ``radius``, ``sigma``, direction
    U(-135, -45) degrees). Image: ``blend * x + (1 - blend) * max(x,
    1.5 * gray(x) + 0.5)``; the layer and its 180-degree rotation are
    added. No pixel gets darker.
    """
    loc, scale, zoom, threshold, radius, sigma, blend = (
        (0.1, 0.3, 3, 0.5, 10, 4, 0.8), (0.2, 0.3, 2, 0.5, 12, 4, 0.7),
        (0.55, 0.3, 4, 0.9, 12, 8, 0.7), (0.55, 0.3, 4.5, 0.85, 12, 8, 0.65),
        (0.55, 0.3, 2.5, 0.85, 12, 12, 0.55))[severity - 1]
    x = unit_rgb(image)
    layer = _central_zoom(rng.normal(loc, scale, x.shape[:2]), zoom)
    layer = np.clip(np.where(layer < threshold, 0, layer), 0, 1)
    angle = np.deg2rad(rng.uniform(-135, -45))
    layer = ndimage.convolve(layer, _motion_kernel(radius, sigma, angle),
                             mode='reflect')
    gray = x @ np.array([0.299, 0.587, 0.114])
    x = blend * x + (1 - blend) * np.maximum(x, 1.5 * gray[..., None] + 0.5)
    return to_uint8(x + (layer + np.rot90(layer, 2))[..., None])


#: colour of :func:`frost_texture` (RGB in [0, 1]): white with a blue cast.
FROST_TINT = np.array([0.85, 0.93, 1.0])


def frost_texture(height, width, rng, crystal_density=1 / 300,
                  arm_length=(3.0, 12.0)):
    """Procedural frost on a window pane, ``(H, W, 3)`` in [0, 1].

    Replaces the frost photographs of the ImageNet-C release (not
    downloadable here). Three layers, summed and clipped, then tinted by
    :data:`FROST_TINT`:

    * haze: a plasma fractal (:func:`plasma_fractal`, decay 1.6), weight 0.3,
      plus a base of 0.15;
    * crystals: ``crystal_density`` per pixel, each a six-armed star
      (arms 60 degrees apart, random orientation, length U(``arm_length``)
      pixels) with two side branches at +-60 degrees from 1/3 and 2/3 of
      every arm (half the remaining arm length); brightness 1 at the
      centre falling to 0.5 at the tips, combined by maximum, blurred by a
      Gaussian of 0.6 pixels, weight 0.9 and denser where the haze is
      thick (multiplied by 0.5 + haze);
    * rime: fine grains where smoothed uniform noise exceeds its 80th
      percentile, weight 0.25.

    The mean brightness is about 0.45, that of the release's photographs
    is not known here; the texture is a documented stand-in.

    Args:
        height (int): Output height.
        width (int): Output width.
        rng (np.random.Generator): Random source.
        crystal_density (float): Crystals per pixel.
        arm_length (tuple[float, float]): Range of arm lengths (pixels).

    Returns:
        np.ndarray: ``(height, width, 3)`` float64 texture.
    """
    size = 1 << int(np.ceil(np.log2(max(height, width, 2))))
    haze = plasma_fractal(size, 1.6, rng)[:height, :width]
    n = max(1, int(round(height * width * crystal_density)))
    centre = rng.random((n, 1, 1, 2)) * [height, width]
    angle = rng.uniform(0, np.pi / 3, (n, 1)) + np.arange(6) * np.pi / 3
    length = rng.uniform(*arm_length, (n, 1))
    steps = np.linspace(0, 1, int(np.ceil(2 * arm_length[1])) + 1)
    # arms: (n, 6, S) points
    direction = np.stack([np.sin(angle), np.cos(angle)], -1)[:, :, None]
    arm = centre + (length[..., None] * steps)[..., None] * direction
    arm_value = np.broadcast_to(1 - 0.5 * steps, arm.shape[:3])
    # branches: from 1/3 and 2/3 of every arm, +-60 degrees, (n, 6, 4, S)
    start_frac = np.array([1, 1, 2, 2]) / 3
    turn = np.array([1, -1, 1, -1]) * np.pi / 3
    start = centre[:, :, None] + (length[..., None] * start_frac)[
        ..., None, None] * direction[:, :, :, None]  # (n, 6, 4, 1, 2)
    b_angle = angle[..., None] + turn
    b_dir = np.stack([np.sin(b_angle), np.cos(b_angle)], -1)[..., None, :]
    b_len = 0.5 * length[..., None] * (1 - start_frac)
    branch = start + (b_len[..., None] * steps)[..., None] * b_dir
    b_value = (1 - 0.5 * start_frac)[:, None] * (1 - 0.5 * steps)
    points = np.concatenate([arm.reshape(-1, 2), branch.reshape(-1, 2)])
    values = np.concatenate([
        arm_value.reshape(-1),
        np.broadcast_to(b_value, branch.shape[:4]).reshape(-1)
    ])
    iy, ix = np.rint(points).astype(int).T
    inside = (iy >= 0) & (iy < height) & (ix >= 0) & (ix < width)
    crystals = np.zeros((height, width))
    np.maximum.at(crystals, (iy[inside], ix[inside]), values[inside])
    crystals = ndimage.gaussian_filter(crystals, 0.6) * (0.5 + haze)
    grain = ndimage.gaussian_filter(rng.random((height, width)), 0.7)
    rime = grain > np.quantile(grain, 0.8)
    texture = np.clip(0.15 + 0.3 * haze + 0.9 * crystals + 0.25 * rime, 0,
                      1)
    return texture[..., None] * FROST_TINT


def frost(image, severity, rng):
    """``c0 * x + c1 * frost`` with the texture of :func:`frost_texture`
    (the release crops a frost photograph instead)."""
    c0, c1 = ((1, 0.4), (0.8, 0.6), (0.7, 0.7), (0.65, 0.7),
              (0.6, 0.75))[severity - 1]
    x = unit_rgb(image)
    return to_uint8(c0 * x + c1 * frost_texture(*x.shape[:2], rng))


#: spatter colours (RGB in [0, 1]): water is pale turquoise, mud brown.
WATER_COLOR = np.array([175, 238, 238]) / 255
MUD_COLOR = np.array([63, 42, 20]) / 255
_EMBOSS = np.array([[-2, -1, 0], [-1, 1, 1], [0, 1, 2]], np.float64)


def spatter(image, severity, rng):
    """Water drops (severities 1-3) or mud splashes (4-5).

    Liquid layer: N(``loc``, ``scale``) per pixel, Gaussian-smoothed
    (``sigma``), values below ``threshold`` set to 0.

    * Water: edges of the 8-bit layer (Canny 50/150), distance to the
      nearest edge truncated at 20, 3x3 box blur, histogram equalisation,
      3x3 emboss (saturated to 0..255), 3x3 box blur; ``m = layer *
      that``, scaled to a maximum of ``intensity``; output ``x + m *
      WATER_COLOR``: no pixel gets darker.
    * Mud: the liquid mask blurred by a Gaussian of ``intensity``, values
      below 0.8 set to 0; output ``(1 - m) x + m MUD_COLOR``: pixels are
      unchanged or within 20 % of the way from the mud colour.
    """
    loc, scale, sigma, threshold, intensity, mud = (
        (0.65, 0.3, 4, 0.69, 0.6, False), (0.65, 0.3, 3, 0.68, 0.6, False),
        (0.65, 0.3, 2, 0.68, 0.5, False), (0.65, 0.3, 1, 0.65, 1.5, True),
        (0.67, 0.4, 1, 0.65, 1.5, True))[severity - 1]
    x = unit_rgb(image)
    liquid = ndimage.gaussian_filter(rng.normal(loc, scale, x.shape[:2]),
                                     sigma)
    liquid[liquid < threshold] = 0
    if mud:
        m = ndimage.gaussian_filter((liquid > threshold) * 1.0, intensity)
        m = np.where(m < 0.8, 0, m)[..., None]
        return to_uint8((1 - m) * x + m * MUD_COLOR)
    layer = np.round(np.clip(liquid, 0, 1) * 255).astype(np.uint8)
    edges = cv2.Canny(layer, 50, 150) > 0
    dist = (np.minimum(ndimage.distance_transform_edt(~edges), 20)
            if edges.any() else np.full(edges.shape, 20.0))
    dist = ndimage.uniform_filter(dist, 3, mode='mirror')
    dist = cv2.equalizeHist(dist.astype(np.uint8)).astype(np.float64)
    dist = np.clip(ndimage.correlate(dist, _EMBOSS, mode='mirror'), 0, 255)
    m = liquid * ndimage.uniform_filter(dist, 3, mode='mirror')
    if m.max() > 0:
        m *= intensity / m.max()
    return to_uint8(x + m[..., None] * WATER_COLOR)


CORRUPTIONS = {
    f.__name__: f
    for f in (gaussian_noise, shot_noise, impulse_noise, speckle_noise,
              gaussian_blur, defocus_blur, glass_blur, motion_blur, zoom_blur,
              snow, frost, fog, spatter, contrast, brightness, saturate,
              elastic_transform, jpeg_compression, pixelate)
}

#: the 15 corruption types of ImageNet-C (its mCE averages over these).
IMAGENET_C = ('gaussian_noise', 'shot_noise', 'impulse_noise', 'defocus_blur',
              'glass_blur', 'motion_blur', 'zoom_blur', 'snow', 'frost', 'fog',
              'brightness', 'contrast', 'elastic_transform', 'pixelate',
              'jpeg_compression')


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
