"""Still images of digits composited on photographs, with class maps.

Used for the segmentation (VOC-style), colorization and CIFAR-style
classification splits. Class map values: 0 background, ``1 + d`` for a pixel
of digit ``d`` (later digits cover earlier ones).
"""
from dataclasses import dataclass

import cv2
import numpy as np

from .assets import SPRITE_SIZE, TEXTURE_NAMES, digit_sprites, texture

#: segmentation class names (index = value in the class map).
SEG_CLASSES = ('background', ) + tuple(f'digit_{d}' for d in range(10))

#: OpenCV hue (0-180) at the centre of each digit's colour range in the
#: colorization split; the range is +-_HUE_SPREAD.
CLASS_HUES = np.arange(10) * 18
_HUE_SPREAD = 4


@dataclass(frozen=True)
class ImageConfig:
    """Parameters of :func:`render_image`.

    Args:
        height, width: image size.
        num_digits: inclusive range of the number of digits.
        digit_size: range of a digit's side as a fraction of the short side.
        class_colors: colour each digit within its class' hue range
            (colorization); otherwise any hue.
    """
    height: int = 128
    width: int = 128
    num_digits: tuple = (1, 3)
    digit_size: tuple = (0.3, 0.55)
    class_colors: bool = False


def _digit_color(digit, class_colors, rng):
    hue = (CLASS_HUES[digit] + rng.integers(-_HUE_SPREAD, _HUE_SPREAD + 1)
           if class_colors else rng.integers(180)) % 180
    hsv = np.uint8([[[hue, rng.integers(160, 256), rng.integers(170, 256)]]])
    return cv2.cvtColor(hsv, cv2.COLOR_HSV2RGB)[0, 0].astype(np.float32) / 255


def render_image(cfg, rng):
    """Render one image.

    Returns:
        tuple: RGB image uint8 (H, W, 3), class map uint8 (H, W) and the
        digit classes int64 (N,) in drawing order.
    """
    h, w = cfg.height, cfg.width
    tex = texture(TEXTURE_NAMES[rng.integers(len(TEXTURE_NAMES))])
    scale = rng.uniform(1.0, 2.0) * max(h, w) / min(tex.shape[:2])
    tex = cv2.resize(tex, None, fx=scale, fy=scale,
                     interpolation=cv2.INTER_AREA)
    y0 = rng.integers(tex.shape[0] - h + 1)
    x0 = rng.integers(tex.shape[1] - w + 1)
    image = 0.15 + 0.55 * tex[y0:y0 + h, x0:x0 + w]
    class_map = np.zeros((h, w), np.uint8)
    sprites, sprite_digits = digit_sprites()
    count = rng.integers(cfg.num_digits[0], cfg.num_digits[1] + 1)
    digits = []
    for _ in range(count):
        index = rng.integers(len(sprites))
        side = rng.uniform(*cfg.digit_size) * min(h, w)
        f = side / SPRITE_SIZE
        cx = rng.uniform(side / 2, w - side / 2)
        cy = rng.uniform(side / 2, h - side / 2)
        c = (SPRITE_SIZE - 1) / 2
        affine = np.float32([[f, 0, cx - f * c], [0, f, cy - f * c]])
        alpha = cv2.warpAffine(sprites[index], affine, (w, h),
                               flags=cv2.INTER_LINEAR)
        digit = int(sprite_digits[index])
        color = _digit_color(digit, cfg.class_colors, rng)
        image += alpha[..., None] * (color - image)
        class_map[alpha > 0.5] = digit + 1
        digits.append(digit)
    return (np.round(np.clip(image, 0, 1) * 255).astype(np.uint8), class_map,
            np.array(digits, np.int64))
