"""Local correlation of two feature maps (Eq. 5.1 of the thesis).

.. math::

    F^{corr}_{t,t'}(i, j, p, q) = \\frac{1}{C}
        \\langle F_t(i, j), F_{t'}(i + p, j + q) \\rangle,
    \\qquad p, q \\in [-d, d]

Every position of the first map is compared with the (2d + 1)^2 positions of
a square window of the second map centred on it, giving (2d + 1)^2 channels
(FlowNet's correlation layer without patches or strides). The thesis writes
the bounds as ``-d < p < d``, which would give (2d - 1)^2 channels; we keep
the closed window [-d, d] that its channel count (2d + 1)^2 implies. The
products are averaged over the C channels, as in FlowNet, so that the scale
does not grow with the width of the layer. Positions of the second map
outside the image read zeros.

Pure PyTorch, CPU and GPU (mmcv's ``Correlation`` is CUDA-only). The
products are batched matrix products, which run at GEMM speed where (2d +
1)^2 shifted element-wise products would be memory-bound (about 10 times
slower on a CPU at d = 3, forward and backward): for each vertical
displacement p, every run of ``tile`` pixels of a row of F_t is multiplied
with the ``tile + 2 d`` pixels of the displaced row of F_t' that it can
reach, and the 2 d + 1 diagonals of the (tile, tile + 2 d) result are the
horizontal displacements. Memory stays at O(N C H W (1 + 2 d / tile)) per
step: one displacement row at a time instead of the (2d + 1)^2 C H W of an
unfolded window.
"""
import math

import torch
import torch.nn.functional as F
from torch import Tensor


def local_correlation(input1: Tensor, input2: Tensor,
                      max_displacement: int) -> Tensor:
    """Correlation of ``input1`` with the displaced ``input2`` (Eq. 5.1).

    Args:
        input1 (Tensor): (N, C, H, W) features F_t.
        input2 (Tensor): (N, C, H, W) features F_t' of the same shape.
        max_displacement (int): d >= 0, the half-size of the window.

    Returns:
        Tensor: (N, (2d + 1)^2, H, W); channel ``(p + d) * (2d + 1) + (q +
        d)`` holds ``mean_c input1[:, c, i, j] * input2[:, c, i + p, j +
        q]`` (p: displacement along H, q: along W; zero outside the image).
    """
    if input1.dim() != 4 or input1.shape != input2.shape:
        raise ValueError('local_correlation expects two (N, C, H, W) '
                         f'tensors of the same shape, got '
                         f'{tuple(input1.shape)} and {tuple(input2.shape)}')
    if input1.dtype != input2.dtype or input1.device != input2.device:
        raise ValueError('local_correlation: the inputs differ in dtype or '
                         f'device ({input1.dtype} on {input1.device}, '
                         f'{input2.dtype} on {input2.device})')
    if (not isinstance(max_displacement, int) or isinstance(
            max_displacement, bool) or max_displacement < 0):
        raise ValueError('max_displacement must be an int >= 0, got '
                         f'{max_displacement!r}')
    d = max_displacement
    n, c, height, width = input1.shape
    tile = 16 if d <= 2 else 8
    num_tiles = math.ceil(width / tile)
    pad = num_tiles * tile - width
    # (N, H, tiles, tile, C) and (N, H + 2d, W + pad + 2d, C)
    rows1 = F.pad(input1, (0, pad)).permute(0, 2, 3, 1).reshape(
        n, height, num_tiles, tile, c)
    rows2 = F.pad(input2, (d, pad + d, d, d)).permute(0, 2, 3, 1)
    diagonals = (torch.arange(tile, device=input1.device)[:, None] +
                 torch.arange(2 * d + 1, device=input1.device))
    out = []
    for p in range(2 * d + 1):
        # (N, H, tiles, C, tile + 2d): the reachable run of row i + p
        reach = rows2[:, p:p + height].unfold(2, tile + 2 * d, tile)
        products = rows1 @ reach
        # diagonal q of the (tile, tile + 2d) products: displacement q - d
        out.append(products.gather(-1, diagonals.expand(
            *products.shape[:-1], -1)))
    # (N, H, tiles, tile, p, q) -> (N, (2d + 1)^2, H, W)
    out = torch.stack(out, -2).reshape(n, height, num_tiles * tile, -1)
    return out[:, :, :width].permute(0, 3, 1, 2) / c


def reverse_correlation(correlation: Tensor, max_displacement: int) -> Tensor:
    """``local_correlation(input2, input1, d)`` from ``local_correlation(
    input1, input2, d)``, without touching the features.

    ``<F_t'(i, j), F_t(i - p, j - q)>`` is the correlation of F_t with F_t'
    at (i - p, j - q) and displacement (p, q), so the reversed map is the
    original one with channel (p, q) moved by (p, q) and stored as channel
    (-p, -q) (zero where (i - p, j - q) is outside the image).

    Args:
        correlation (Tensor): (N, (2d + 1)^2, H, W).
        max_displacement (int): its d.

    Returns:
        Tensor: (N, (2d + 1)^2, H, W).
    """
    d = max_displacement
    if correlation.dim() != 4 or correlation.size(1) != (2 * d + 1)**2:
        raise ValueError(f'expected (N, {(2 * d + 1)**2}, H, W) for d = {d}, '
                         f'got {tuple(correlation.shape)}')
    n, channels, height, width = correlation.shape
    padded = F.pad(correlation, (d, d, d, d)).flatten(1)
    # output channel (-p, -q) reads channel (p, q) at (i - p, j - q) of
    # the padded map: one gather (and one scatter backward)
    shift = torch.arange(-d, d + 1, device=correlation.device)
    p, q = (shift.flip(0).repeat_interleave(2 * d + 1),
            shift.flip(0).repeat(2 * d + 1))
    rows = torch.arange(height, device=correlation.device)
    cols = torch.arange(width, device=correlation.device)
    source = torch.arange(channels, device=correlation.device).flip(0)
    padded_width = width + 2 * d
    index = (source[:, None, None] * (height + 2 * d) * padded_width +
             (rows[:, None] + d - p[:, None, None]) * padded_width +
             cols + d - q[:, None, None])
    return padded.gather(1, index.flatten().expand(n, -1)).view(
        n, channels, height, width)
