"""ImageNet-C corruptions: every type, hand values, and glass blur, elastic
transform, snow, frost and spatter in detail."""
import numpy as np
import pytest
from PIL import Image
from skimage import data

from mmcontinuity.datasets.transforms.functional.corruptions import (
    CORRUPTIONS, IMAGENET_C, MUD_COLOR, corrupt, frost_texture,
    local_pixel_shuffle, plasma_fractal)

NEW = ('glass_blur', 'elastic_transform', 'snow', 'frost', 'spatter')


@pytest.fixture(scope='module')
def photo():
    """A 64x64 natural image (scikit-image's astronaut)."""
    return np.asarray(Image.fromarray(data.astronaut()).resize((64, 64)))


def distances(image, name, severities=range(1, 6), seeds=range(4)):
    """Mean absolute difference from ``image`` per severity, averaged over
    a few random streams."""
    return np.array([
        np.mean([
            np.abs(corrupt(image, name, s, np.random.default_rng(seed))
                   .astype(int) - image).mean() for seed in seeds
        ]) for s in severities
    ])


def test_all_imagenet_c_types_are_provided():
    assert len(IMAGENET_C) == 15 and set(IMAGENET_C) <= set(CORRUPTIONS)


@pytest.mark.parametrize('name', NEW)
@pytest.mark.parametrize('shape', [(64, 64, 3), (23, 41, 3)])
def test_output_and_determinism(name, shape, photo):
    image = np.asarray(Image.fromarray(photo).resize(shape[1::-1]))
    for severity in range(1, 6):
        out = corrupt(image, name, severity, np.random.default_rng(7))
        assert out.shape == shape and out.dtype == np.uint8
        np.testing.assert_array_equal(
            out, corrupt(image, name, severity, np.random.default_rng(7)))
    strong = [corrupt(image, name, 5, np.random.default_rng(seed))
              for seed in (1, 2)]
    assert (strong[0] != strong[1]).any()


class TestGlassBlur:

    def test_shuffle_is_a_local_permutation(self):
        rng = np.random.default_rng(0)
        x = rng.random((20, 17, 3))
        out = local_pixel_shuffle(x, 2, 3, rng)
        # the same pixels (RGB triples), only moved
        np.testing.assert_array_equal(
            np.sort(out.reshape(-1, 3), 0), np.sort(x.reshape(-1, 3), 0))
        assert (out != x).any()
        # a swap moves a pixel by <= max_delta per axis; a later batch of
        # the same pass may move it again, so most (not all) stay that close
        ids = np.arange(40 * 40, dtype=float).reshape(40, 40, 1)
        moved = local_pixel_shuffle(ids, 1, 1, np.random.default_rng(1))
        y, x_ = np.divmod(moved[..., 0].astype(int), 40)
        yy, xx = np.mgrid[:40, :40]
        step = np.maximum(np.abs(y - yy), np.abs(x_ - xx))
        # 9 batches of a pass, each moving a pixel by <= 1
        assert (step <= 1).mean() > 0.6 and step.max() <= 9
        with pytest.raises(ValueError, match='max_delta'):
            local_pixel_shuffle(ids, 0, 1, rng)

    def test_keeps_colours_and_grows_with_severity(self, photo):
        out = corrupt(photo, 'glass_blur', 5, np.random.default_rng(0))
        np.testing.assert_allclose(out.mean((0, 1)), photo.mean((0, 1)),
                                   atol=1.5)
        assert (np.diff(distances(photo, 'glass_blur')) > 0).all()


class TestElasticTransform:

    def test_constant_image_is_unchanged(self):
        image = np.full((30, 40, 3), (12, 200, 97), np.uint8)
        for severity in range(1, 6):
            np.testing.assert_array_equal(
                corrupt(image, 'elastic_transform', severity,
                        np.random.default_rng(severity)), image)

    def test_severity(self, photo):
        # severities 1-2 are mostly the affine part (shift 0.1 / 0.2 of
        # the side), 3-5 share it (0.02) and grow the displacement field
        d = distances(photo, 'elastic_transform')
        assert d[0] < d[1] and d[2] < d[3] < d[4] and (d > 0).all()

    def test_keeps_colours(self, photo):
        out = corrupt(photo, 'elastic_transform', 4,
                      np.random.default_rng(0))
        np.testing.assert_allclose(out.mean((0, 1)), photo.mean((0, 1)),
                                   atol=8)


class TestSnow:

    def test_never_darkens(self, photo):
        for severity in range(1, 6):
            out = corrupt(photo, 'snow', severity, np.random.default_rng(0))
            assert (out >= photo).all()
        white = np.full((16, 16, 3), 255, np.uint8)
        np.testing.assert_array_equal(corrupt(white, 'snow', 5), white)

    def test_severity(self, photo):
        # the release's severity 3 thresholds its brighter layer higher,
        # so 2 and 3 are about as strong
        d = distances(photo, 'snow')
        assert d[0] < d[1] and d[2] < d[3] < d[4]


class TestFrost:

    def test_texture(self):
        tex = frost_texture(48, 64, np.random.default_rng(0))
        assert tex.shape == (48, 64, 3)
        assert tex.min() >= 0 and tex.max() <= 1
        # bluish white: blue >= green >= red everywhere
        assert (tex[..., 2] >= tex[..., 1]).all()
        assert (tex[..., 1] >= tex[..., 0]).all()
        assert 0.3 < tex.mean() < 0.6

    def test_black_image_shows_the_weighted_texture(self):
        black = np.zeros((32, 48, 3), np.uint8)
        weights = (0.4, 0.6, 0.7, 0.7, 0.75)
        means = []
        for severity, c1 in enumerate(weights, 1):
            out = corrupt(black, 'frost', severity, np.random.default_rng(3))
            tex = frost_texture(32, 48, np.random.default_rng(3))
            np.testing.assert_array_equal(
                out, np.round(np.clip(c1 * tex, 0, 1) * 255))
            means.append(out.mean())
        assert (np.diff(means) >= 0).all() and means[0] < means[-1]

    def test_keeps_a_share_of_the_image(self, photo):
        out = corrupt(photo, 'frost', 5, np.random.default_rng(0))
        assert (out.astype(int) >= np.floor(0.6 * photo) - 1).all()


class TestSpatter:

    def test_water_never_darkens_and_mud_is_brown(self, photo):
        for severity in (1, 2, 3):
            out = corrupt(photo, 'spatter', severity,
                          np.random.default_rng(0))
            assert (out >= photo).all()
        for severity in (4, 5):
            out = corrupt(photo, 'spatter', severity,
                          np.random.default_rng(0)).astype(float)
            changed = (out != photo).any(-1)
            assert changed.mean() > 0.05
            # mud weight >= 0.8: within 20 % (+ rounding) of the mud colour
            dist = np.abs(out[changed] - MUD_COLOR * 255)
            assert (dist <= 0.2 * 255 + 1).all()

    def test_severity(self, photo):
        assert (np.diff(distances(photo, 'spatter')) > 0).all()


class TestCorruptions:

    @pytest.mark.parametrize('name', sorted(CORRUPTIONS))
    def test_all(self, name):
        rng = np.random.default_rng(0)
        image = (rng.random((48, 40, 3)) * 255).astype(np.uint8)
        mild = corrupt(image, name, 1, np.random.default_rng(1))
        strong = corrupt(image, name, 5, np.random.default_rng(1))
        assert mild.shape == image.shape and mild.dtype == np.uint8
        np.testing.assert_array_equal(
            mild, corrupt(image, name, 1, np.random.default_rng(1)))
        dist = [np.abs(x.astype(int) - image).mean() for x in (mild, strong)]
        assert dist[0] > 0 and dist[1] > 0 and (mild != strong).any()

    def test_contrast_by_hand(self):
        image = np.zeros((1, 2, 3), np.uint8)
        image[0, 1] = 200  # mean 100; severity 1 scales by 0.4
        out = corrupt(image, 'contrast', 1)
        np.testing.assert_array_equal(out[0, :, 0], [60, 140])

    def test_brightness_by_hand(self):
        image = np.full((1, 1, 3), 51, np.uint8)  # grey, value 0.2
        np.testing.assert_array_equal(corrupt(image, 'brightness', 2),
                                      np.full((1, 1, 3), 102))

    def test_plasma_and_errors(self):
        p = plasma_fractal(32, 2.0, np.random.default_rng(0))
        assert p.min() == 0 and p.max() == 1
        image = np.zeros((8, 8, 3), np.uint8)
        with pytest.raises(ValueError, match='unknown corruption'):
            corrupt(image, 'rain', 1)
        with pytest.raises(ValueError, match='severity'):
            corrupt(image, 'fog', 6)
        with pytest.raises(ValueError, match='uint8'):
            corrupt(image.astype(float), 'fog', 1)
