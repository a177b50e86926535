"""sRGB <-> CIE Lab in PyTorch against scikit-image; joining up-sampled ab
with the full-resolution lightness."""
import warnings

import numpy as np
import pytest
import torch
from skimage.color import lab2rgb, rgb2lab

from mmcontinuity.ops.color import join_lightness, lab_to_rgb, rgb_to_lab


def _random_lab(generator, shape):
    scale = torch.tensor([100., 200., 200.])[:, None, None]
    offset = torch.tensor([0., -100., -100.])[:, None, None]
    return torch.rand(shape, generator=generator,
                      dtype=torch.float64) * scale + offset


def test_rgb_to_lab_matches_skimage():
    g = torch.Generator().manual_seed(0)
    rgb = torch.rand(2, 3, 3, 8, 8, generator=g)  # any leading dims
    rgb[0, 0, :, 0, 0] = 0  # black: the linear branches of both steps
    # white: L = 100, a = b = 0 up to the sRGB matrix's rounding (its rows
    # sum to the D65 white to four digits)
    rgb[0, 0, :, 0, 1] = 1
    lab = rgb_to_lab(rgb)
    ref = rgb2lab(rgb.movedim(-3, -1).numpy().astype(np.float64))
    np.testing.assert_allclose(lab.movedim(-3, -1).numpy(), ref, atol=1e-3)
    torch.testing.assert_close(lab[0, 0, :, 0, 1],
                               torch.tensor([100., 0., 0.]), atol=1e-2,
                               rtol=0)


def test_lab_to_rgb_matches_skimage_with_clipping():
    # random Lab values: many are outside the sRGB gamut (clipped)
    lab = _random_lab(torch.Generator().manual_seed(1), (4, 3, 6, 6))
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')  # skimage: negative Z clipped
        ref = lab2rgb(lab.movedim(1, -1).numpy())
    np.testing.assert_allclose(lab_to_rgb(lab).movedim(1, -1).numpy(), ref,
                               atol=1e-3)


def test_round_trip_and_gradients():
    rgb = torch.rand(3, 3, 5, 5, generator=torch.Generator().manual_seed(2))
    rgb[0, :, 0, 0] = 0
    torch.testing.assert_close(lab_to_rgb(rgb_to_lab(rgb)), rgb, atol=1e-4,
                               rtol=0)
    # differentiable: finite gradients, also at black (pow branches unused)
    rgb = rgb.double().requires_grad_()
    lab_to_rgb(rgb_to_lab(rgb)).sum().backward()
    assert torch.isfinite(rgb.grad).all()
    lab = torch.tensor([[[[50.]], [[20.]], [[-30.]]]], dtype=torch.float64,
                       requires_grad=True)
    assert torch.autograd.gradcheck(rgb_to_lab, (lab_to_rgb(lab).detach()
                                                 .requires_grad_(), ))
    assert torch.autograd.gradcheck(lab_to_rgb, (lab, ))


def test_argument_checks():
    with pytest.raises(ValueError, match=r'\(\*, 3, H, W\)'):
        rgb_to_lab(torch.rand(2, 4, 4))
    with pytest.raises(TypeError, match='floating point'):
        lab_to_rgb(torch.zeros(1, 3, 2, 2, dtype=torch.uint8))


def test_join_lightness_upsamples_ab_to_the_original_size():
    lightness = torch.rand(2, 1, 8, 12) * 100
    ab = torch.zeros(2, 2, 2, 3)
    ab[:, 0] = 10.
    ab[1, 1, 1, 2] = -40.
    lab = join_lightness(lightness, ab)
    assert lab.shape == (2, 3, 8, 12)
    torch.testing.assert_close(lab[:, 0], lightness[:, 0])  # L untouched
    torch.testing.assert_close(lab[:, 1], torch.full((2, 8, 12), 10.))
    # nearest: each ab pixel covers a 4x4 block of the original image
    lab = join_lightness(lightness, ab, mode='nearest')
    assert (lab[1, 2, 4:, 8:] == -40).all() and (lab[1, 2, :4] == 0).all()
    with pytest.raises(ValueError, match='ab must have shape'):
        join_lightness(lightness, ab[:1])
