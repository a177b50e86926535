"""Real images shipped inside installed packages, used by the benchmark.

Actors are scikit-learn's handwritten digits (1797 grayscale 8x8 images,
classes 0-9); backgrounds and textures are scikit-image's sample photographs
that are part of the scikit-image wheel (no download).
"""
import functools

import cv2
import numpy as np

#: scikit-image sample images bundled in the wheel (``skimage/data/*``).
TEXTURE_NAMES = ('astronaut', 'brick', 'camera', 'chelsea', 'coffee', 'coins',
                 'grass', 'gravel', 'hubble_deep_field', 'moon', 'page',
                 'rocket', 'text')

#: side length (pixels) of the upsampled digit sprites.
SPRITE_SIZE = 32


@functools.lru_cache(maxsize=1)
def digit_sprites():
    """The scikit-learn digits as smooth alpha sprites.

    Returns:
        tuple[np.ndarray, np.ndarray]: alpha maps, float32
        (1797, SPRITE_SIZE, SPRITE_SIZE) in [0, 1], and the digit classes,
        int64 (1797,).
    """
    from sklearn.datasets import load_digits
    digits = load_digits()
    small = digits.images.astype(np.float32) / 16.0
    sprites = np.stack([
        cv2.resize(img, (SPRITE_SIZE, SPRITE_SIZE),
                   interpolation=cv2.INTER_CUBIC) for img in small
    ])
    return np.clip(sprites, 0.0, 1.0), digits.target.astype(np.int64)


@functools.lru_cache(maxsize=None)
def texture(name):
    """A scikit-image sample photograph as an RGB float32 image in [0, 1].

    Grayscale images are replicated to three channels; alpha is dropped.
    """
    import skimage.data
    if name not in TEXTURE_NAMES:
        raise KeyError(f'unknown texture {name!r}, expected one of '
                       f'{TEXTURE_NAMES}')
    img = getattr(skimage.data, name)()
    if img.ndim == 2:
        img = np.repeat(img[..., None], 3, axis=2)
    img = img[..., :3]
    scale = 255.0 if img.dtype == np.uint8 else float(img.max() or 1.0)
    return np.ascontiguousarray(img.astype(np.float32) / scale)
