"""init_colorizer / colorize on small photos with the benchmark's tiny
purple-flow colorizer (untrained): shapes, the gray input, the colour
test, seeding, and the final image = the image's own L joined with the
up-sampled ab (checked against scikit-image's lab2rgb)."""
import os.path as osp

import numpy as np
import pytest
import torch
from skimage.color import lab2rgb, rgb2lab

from mmcontinuity.apis import colorize, init_colorizer

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CONFIG = osp.join(REPO, 'configs/colorization/benchmark/pixelated-colorizer_'
                  'tiny_1xb8-600it_continuity-bench-colorization.py')


@pytest.fixture(scope='module')
def model():
    from mmengine.registry import DefaultScope
    saved = DefaultScope._instance_dict.copy()
    torch.manual_seed(0)
    yield init_colorizer(CONFIG)
    DefaultScope._instance_dict = saved


def _photo():
    """A 40x60 colour image: a horizontal ramp, red in the right half."""
    rgb = np.zeros((40, 60, 3), np.uint8)
    rgb[...] = np.linspace(30, 220, 60, dtype=np.uint8)[None, :, None]
    rgb[:, 30:, 0] = 230
    return rgb


def test_init_colorizer_checks_the_model():
    zhang = osp.join(REPO, 'configs/colorization/baselines/zhang-ab-'
                     'classification_r18-tiny-d8_1xb8-600it_continuity-bench-'
                     'colorization.py')
    with pytest.raises(ValueError, match='PixelatedColorizer'):
        init_colorizer(zhang)


def test_colorize_samples(model):
    photo = _photo()
    gray = photo.mean(2).astype(np.uint8)
    first, second = colorize(model, [photo, gray], num_samples=2, seed=3)
    assert first['samples'].shape == (2, 40, 60, 3)
    assert first['samples'].dtype == np.uint8
    np.testing.assert_array_equal(first['original'], photo)
    assert second['original'] is None  # no colour
    # the gray tile is the image's L with a = b = 0: equal channels
    assert (first['gray'] == first['gray'][..., :1]).all()
    lightness = rgb2lab(photo)[..., 0]
    gray_l = rgb2lab(first['gray'])[..., 0]
    assert np.abs(gray_l - lightness).max() < 0.5
    # seeded: the same draw again
    again = colorize(model, [photo, gray], num_samples=2, seed=3)
    np.testing.assert_array_equal(again[0]['samples'], first['samples'])


def test_colorize_joins_full_resolution_lightness(model, monkeypatch):
    """A constant ab map from the sampler: every pixel is lab2rgb of the
    image's own L (full resolution) with that ab."""
    photo = _photo()

    def constant_ab(cond, num_samples, temperature):
        ab = cond.new_zeros(len(cond), num_samples, 2, *cond.shape[-2:])
        ab[:, :, 0], ab[:, :, 1] = 20, -10
        return ab

    monkeypatch.setattr(model, 'sample', constant_ab)
    result, = colorize(model, [photo], num_samples=1)
    lab = rgb2lab(photo)
    lab[..., 1], lab[..., 2] = 20, -10
    expected = np.round(lab2rgb(lab) * 255)
    assert np.abs(result['samples'][0] - expected).max() <= 1
