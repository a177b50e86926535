"""sRGB <-> CIE Lab (D65 white, 2 degree observer) in PyTorch.

The colorization model of Chapter 2 predicts the a and b channels of CIE
Lab at a low resolution; :func:`join_lightness` up-samples them and joins
them with the full-resolution gray input, and :func:`lab_to_rgb` turns the
result into an image. The conversions follow the sRGB specification (as
scikit-image does), are batched over any leading dimensions and
differentiable: each piecewise branch is evaluated on clamped arguments so
that the branch not taken gives no NaN gradient.
"""
import torch
import torch.nn.functional as F

# sRGB primaries -> CIE XYZ (sRGB specification) and the D65 white point
_XYZ_FROM_RGB = ((0.412453, 0.357580, 0.180423),
                 (0.212671, 0.715160, 0.072169),
                 (0.019334, 0.119193, 0.950227))
_D65_WHITE = (0.95047, 1.0, 1.08883)
# CIE Lab's f(t): cube root above (6/29)^3, linear below
_EPSILON = 0.008856
_KAPPA = 7.787


def _check_image(image, name):
    if not isinstance(image, torch.Tensor) or not image.is_floating_point():
        raise TypeError(f'{name} must be a floating point tensor, got '
                        f'{type(image).__name__} '
                        f'{getattr(image, "dtype", "")}')
    if image.dim() < 3 or image.shape[-3] != 3:
        raise ValueError(f'{name} must have shape (*, 3, H, W), got '
                         f'{tuple(image.shape)}')


def _channel_matrix(matrix, image):
    """Apply a 3x3 matrix to the channel dimension (-3) of an image."""
    return torch.einsum('ij,...jhw->...ihw', matrix, image)


def _constant(values, image):
    return torch.tensor(values, dtype=image.dtype, device=image.device)


def rgb_to_lab(rgb):
    """sRGB in [0, 1] to CIE Lab.

    Args:
        rgb (torch.Tensor): ``(*, 3, H, W)`` gamma-encoded sRGB.

    Returns:
        torch.Tensor: ``(*, 3, H, W)``: L in [0, 100], a and b (about
        [-87, 99] and [-108, 95] for sRGB colours).
    """
    _check_image(rgb, 'rgb')
    linear = torch.where(rgb > 0.04045,
                         ((rgb.clamp(min=0.04045) + 0.055) / 1.055)**2.4,
                         rgb / 12.92)
    xyz = _channel_matrix(_constant(_XYZ_FROM_RGB, rgb), linear)
    xyz = xyz / _constant(_D65_WHITE, rgb)[:, None, None]
    f = torch.where(xyz > _EPSILON,
                    xyz.clamp(min=_EPSILON)**(1 / 3),
                    _KAPPA * xyz + 16 / 116)
    fx, fy, fz = f.unbind(-3)
    return torch.stack([116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)],
                       dim=-3)


def lab_to_rgb(lab):
    """CIE Lab to sRGB in [0, 1].

    Colours outside the sRGB gamut are clipped, as scikit-image's
    ``lab2rgb`` does (negative Z to 0, then RGB to [0, 1]).

    Args:
        lab (torch.Tensor): ``(*, 3, H, W)`` L in [0, 100], a, b.

    Returns:
        torch.Tensor: ``(*, 3, H, W)`` gamma-encoded sRGB.
    """
    _check_image(lab, 'lab')
    lightness, a, b = lab.unbind(-3)
    fy = (lightness + 16) / 116
    f = torch.stack([fy + a / 500, fy, (fy - b / 200).clamp(min=0)], dim=-3)
    threshold = _EPSILON**(1 / 3)
    xyz = torch.where(f > threshold, f.clamp(min=threshold)**3,
                      (f - 16 / 116) / _KAPPA)
    xyz = xyz * _constant(_D65_WHITE, lab)[:, None, None]
    rgb_from_xyz = torch.linalg.inv(
        torch.tensor(_XYZ_FROM_RGB, dtype=torch.float64)).to(xyz)
    linear = _channel_matrix(rgb_from_xyz, xyz)
    rgb = torch.where(linear > 0.0031308,
                      1.055 * linear.clamp(min=0.0031308)**(1 / 2.4) - 0.055,
                      12.92 * linear)
    return rgb.clamp(0, 1)


def join_lightness(lightness, ab, mode='bilinear'):
    """Up-sample predicted ab to the gray input's size and join them.

    The colour channels are produced at a low resolution (32x32 in the
    thesis); the colorized image keeps the original lightness (Sec. 2.3.1).

    Args:
        lightness (torch.Tensor): ``(B, 1, H, W)`` L in [0, 100] at the
            original size.
        ab (torch.Tensor): ``(B, 2, h, w)`` predicted a and b.
        mode (str): Interpolation mode of ``F.interpolate``.

    Returns:
        torch.Tensor: ``(B, 3, H, W)`` Lab image.
    """
    if lightness.dim() != 4 or lightness.shape[1] != 1:
        raise ValueError(f'lightness must have shape (B, 1, H, W), got '
                         f'{tuple(lightness.shape)}')
    if ab.dim() != 4 or ab.shape[1] != 2 or len(ab) != len(lightness):
        raise ValueError(f'ab must have shape ({len(lightness)}, 2, h, w), '
                         f'got {tuple(ab.shape)}')
    if ab.shape[-2:] != lightness.shape[-2:]:
        corners = {} if mode in ('nearest', 'area') else dict(
            align_corners=False)
        ab = F.interpolate(ab, size=lightness.shape[-2:], mode=mode,
                           **corners)
    return torch.cat([lightness, ab.to(lightness)], dim=1)
