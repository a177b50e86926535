"""ImageNet-P style perturbation sequences, frame by frame."""
import numpy as np
import pytest
from scipy import ndimage

from mmcontinuity.datasets.transforms.functional.perturbations import (
    NOISE_PERTURBATIONS, PERTURBATIONS, perturbation_frame,
    perturbation_sequence)


@pytest.fixture(scope='module')
def image():
    """Smooth random texture (a shift of white noise is as far from it as
    any other noise)."""
    rng = np.random.default_rng(0)
    smooth = ndimage.gaussian_filter(rng.random((24, 32, 3)), (2, 2, 0))
    smooth = (smooth - smooth.min()) / np.ptp(smooth)
    return (smooth * 255).astype(np.uint8)


@pytest.mark.parametrize('name', sorted(PERTURBATIONS))
def test_sequence(name, image):
    seq = perturbation_sequence(image, name, 6, seed=(0, 3))
    assert seq.shape == (6, ) + image.shape and seq.dtype == np.uint8
    np.testing.assert_array_equal(seq[0], image)
    # any frame alone equals the frame of the sequence
    np.testing.assert_array_equal(
        perturbation_frame(image, name, 4, (0, 3)), seq[4])
    dist = [np.abs(f.astype(int) - image).mean() for f in seq]
    assert dist[5] > 0
    if name not in NOISE_PERTURBATIONS:
        # gradual changes move away from the clean image
        assert dist[1] <= dist[3] <= dist[5]


def test_noise_frames_are_independent_draws(image):
    a, b = (perturbation_frame(image, 'gaussian_noise', j, 7) for j in (1, 2))
    assert (a != b).any()
    np.testing.assert_array_equal(
        a, perturbation_frame(image, 'gaussian_noise', 1, 7))
    assert (a != perturbation_frame(image, 'gaussian_noise', 1, 8)).any()


def test_translate_moves_one_pixel_per_frame(image):
    frame = perturbation_frame(image, 'translate', 3, 5).astype(int)
    # the direction is one of the four axes: find it from the interior
    shifts = {(dy, dx): np.abs(frame[6:-6, 6:-6] - np.roll(
        image, (dy, dx), (0, 1))[6:-6, 6:-6].astype(int)).max()
        for dy, dx in ((3, 0), (-3, 0), (0, 3), (0, -3))}
    assert min(shifts.values()) == 0


def test_brightness_and_blur_by_hand():
    grey = np.full((8, 8, 3), 51, np.uint8)  # value 0.2
    np.testing.assert_array_equal(
        perturbation_frame(grey, 'brightness', 2, 0), np.full_like(grey, 66))
    np.testing.assert_array_equal(
        perturbation_frame(grey, 'gaussian_blur', 5, 0), grey)
    np.testing.assert_array_equal(
        perturbation_frame(grey, 'rotate', 5, 0), grey)


def test_errors(image):
    with pytest.raises(ValueError, match='unknown perturbation'):
        perturbation_frame(image, 'fog', 1, 0)
    with pytest.raises(ValueError, match='frame_index'):
        perturbation_frame(image, 'rotate', -1, 0)
    with pytest.raises(ValueError, match='at least 2 frames'):
        perturbation_sequence(image, 'rotate', 1, 0)
