"""ImageNet-C style corruptions at a given severity (robustness evaluation).

The corruption families and their five severity levels follow the published
parameters of ImageNet-C (Hendrycks & Dietterich, ICLR 2019) for the noise,
blur and digital corruptions; the weather corruptions (snow, frost, fog) and
glass/elastic blur, which need extra image assets or heavy per-pixel loops,
are not included. Randomness comes from ``np.random`` (seeded by mmengine).
"""
import cv2
import numpy as np
from mmcv.transforms import BaseTransform
from mmpretrain.registry import TRANSFORMS


def _gaussian_noise(x, c):
    return x + np.random.normal(0, c, x.shape)


def _shot_noise(x, c):
    return np.random.poisson(x * c) / c


def _impulse_noise(x, c):
    x = x.copy()
    hit = np.random.rand(*x.shape) < c
    x[hit] = np.random.rand(int(hit.sum())) < 0.5
    return x


def _speckle_noise(x, c):
    return x + x * np.random.normal(0, c, x.shape)


def _gaussian_blur(x, c):
    return cv2.GaussianBlur(x, (0, 0), c)


def _defocus_blur(x, c):
    radius, alias = c
    r = int(np.ceil(radius))
    yy, xx = np.mgrid[-r:r + 1, -r:r + 1]
    disk = ((xx**2 + yy**2) <= radius**2).astype(np.float32)
    disk = cv2.GaussianBlur(disk / disk.sum(), (3, 3), alias)
    return cv2.filter2D(x, -1, disk, borderType=cv2.BORDER_REFLECT)


def _motion_blur(x, c):
    radius, sigma = c
    length = 2 * radius + 1
    line = np.exp(-0.5 * (np.arange(length) / sigma)**2)  # trailing blur
    kernel = np.zeros((length, length), np.float32)
    kernel[radius, radius:] = line[:radius + 1]
    angle = np.random.uniform(-45, 45)
    rot = cv2.getRotationMatrix2D((radius, radius), angle, 1.0)
    kernel = cv2.warpAffine(kernel, rot, (length, length))
    return cv2.filter2D(x, -1, kernel / kernel.sum(),
                        borderType=cv2.BORDER_REFLECT)


def _zoom_blur(x, c):
    h, w = x.shape[:2]
    out = x.copy()
    for zoom in c:
        rot = cv2.getRotationMatrix2D((w / 2 - 0.5, h / 2 - 0.5), 0, zoom)
        out += cv2.warpAffine(x, rot, (w, h), flags=cv2.INTER_LINEAR,
                              borderMode=cv2.BORDER_REFLECT)
    return out / (len(c) + 1)


def _contrast(x, c):
    mean = x.mean(axis=(0, 1), keepdims=True)
    return (x - mean) * c + mean


def _hsv_op(x, fn, rgb):
    hsv = cv2.cvtColor(x, cv2.COLOR_RGB2HSV if rgb else cv2.COLOR_BGR2HSV)
    hsv = fn(hsv)
    return cv2.cvtColor(np.clip(hsv, 0, [360, 1, 1]).astype(np.float32),
                        cv2.COLOR_HSV2RGB if rgb else cv2.COLOR_HSV2BGR)


def _brightness(x, c, rgb):
    return _hsv_op(x, lambda hsv: hsv + [0, 0, c], rgb)


def _saturate(x, c, rgb):
    scale, shift = c
    return _hsv_op(x, lambda hsv: hsv * [1, scale, 1] + [0, shift, 0], rgb)


def _pixelate(x, c):
    h, w = x.shape[:2]
    small = cv2.resize(x, (max(1, int(w * c)), max(1, int(h * c))),
                       interpolation=cv2.INTER_AREA)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_NEAREST)


def _jpeg_compression(x, c):
    ok, buf = cv2.imencode('.jpg', np.round(x * 255).astype(np.uint8),
                           [cv2.IMWRITE_JPEG_QUALITY, c])
    return cv2.imdecode(buf, cv2.IMREAD_UNCHANGED).astype(np.float32) / 255


#: name -> (function, parameters of severities 1..5, needs channel order)
CORRUPTIONS = {
    'gaussian_noise': (_gaussian_noise, (.08, .12, .18, .26, .38), False),
    'shot_noise': (_shot_noise, (60, 25, 12, 5, 3), False),
    'impulse_noise': (_impulse_noise, (.03, .06, .09, .17, .27), False),
    'speckle_noise': (_speckle_noise, (.15, .2, .35, .45, .6), False),
    'gaussian_blur': (_gaussian_blur, (1, 2, 3, 4, 6), False),
    'defocus_blur': (_defocus_blur, ((3, .1), (4, .5), (6, .5), (8, .5),
                                     (10, .5)), False),
    'motion_blur': (_motion_blur, ((10, 3), (15, 5), (15, 8), (15, 12),
                                   (20, 15)), False),
    'zoom_blur': (_zoom_blur, tuple(
        np.arange(1, stop, step)[1:] for stop, step in
        ((1.11, .01), (1.16, .01), (1.21, .02), (1.26, .02), (1.31, .03))),
        False),
    'contrast': (_contrast, (.4, .3, .2, .1, .05), False),
    'brightness': (_brightness, (.1, .2, .3, .4, .5), True),
    'saturate': (_saturate, ((.3, 0), (.1, 0), (2, 0), (5, .1), (20, .2)),
                 True),
    'pixelate': (_pixelate, (.6, .5, .4, .3, .25), False),
    'jpeg_compression': (_jpeg_compression, (25, 18, 15, 10, 7), False),
}


@TRANSFORMS.register_module()
class ImageCorruption(BaseTransform):
    """Apply one ImageNet-C style corruption at a severity from 1 to 5.

    Required keys: ``img`` uint8 (H, W, 3). Modified keys: ``img``.
    Added keys: ``corruption``, ``severity``.

    Args:
        corruption (str): a key of :data:`CORRUPTIONS`.
        severity (int): 1 (mild) to 5 (severe).
        channel_order (str): ``'bgr'`` (mmcv loading) or ``'rgb'``; matters
            for the HSV-based corruptions only.
    """

    def __init__(self, corruption, severity, channel_order='bgr'):
        if corruption not in CORRUPTIONS:
            raise ValueError(f'unknown corruption {corruption!r}, expected '
                             f'one of {sorted(CORRUPTIONS)}')
        if severity not in (1, 2, 3, 4, 5):
            raise ValueError(f'severity must be 1..5, got {severity!r}')
        if channel_order not in ('bgr', 'rgb'):
            raise ValueError(f"channel_order must be 'bgr' or 'rgb', got "
                             f'{channel_order!r}')
        self.corruption = corruption
        self.severity = severity
        self.channel_order = channel_order

    def transform(self, results):
        fn, params, colour = CORRUPTIONS[self.corruption]
        x = results['img'].astype(np.float32) / 255
        c = params[self.severity - 1]
        out = fn(x, c, self.channel_order == 'rgb') if colour else fn(x, c)
        results['img'] = np.round(np.clip(out, 0, 1) * 255).astype(np.uint8)
        results['corruption'] = self.corruption
        results['severity'] = self.severity
        return results

    def __repr__(self):
        return (f'{self.__class__.__name__}(corruption={self.corruption!r}, '
                f'severity={self.severity})')
