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

Pure PyTorch, CPU and GPU (mmcv's ``Correlation`` is CUDA-only). Memory
stays at O(N (C + (2d + 1)^2) H W): one displacement at a time instead of
the (2d + 1)^2 C H W of an unfolded window.
"""
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
    height, width = input1.shape[-2:]
    padded = F.pad(input2, (d, d, d, d))
    window = range(2 * d + 1)
    return torch.stack([
        (input1 * padded[:, :, p:p + height, q:q + width]).mean(1)
        for p in window for q in window
    ], 1)
