"""The 1-D lifting step of LiftPool (thesis Sec. 3.2, Eq. 3.1-3.12, App. A).

A lifting step along one spatial dimension ``dim`` of a tensor
``(N, C, *spatial)`` splits the samples into an even and an odd part and
turns them into an approximation ``s`` and details ``d``::

    x_e, x_o = x[0::2], x[1::2]               (split, "downsample")
    d = x_o - P(x_e)                          (predict, Eq. 3.2)
    s = x_e + U(d)                            (update,  Eq. 3.3)

and back, for any ``P`` and ``U`` (Eq. 3.10-3.12)::

    x_e = s - U(d),  x_o = d + P(x_e),  x = merge(x_e, x_o).

Indices are 0-based as in App. A (``x_{2k}`` even, ``x_{2k+1}`` odd; the
1-based wording of Sec. 3.2.1 names the same two sets the other way round).
Odd sizes: the odd part is completed by repeating the last sample, so a size
``n`` gives ``ceil(n / 2)`` samples in both ``s`` and ``d``; the inverse drops
the repeated sample, so the reconstruction is exact for any size.

``P`` and ``U`` are callables ``f(t, dim) -> tensor of t's shape``: the
learned filters of Eq. 3.4-3.5 (:func:`lifting_filter`) or the fixed CDF 5/3
filters of Eq. A.1-A.2 (:func:`cdf53_predict`, :func:`cdf53_update`).
"""
from itertools import product
from typing import Callable, Sequence, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor

LiftingFn = Callable[[Tensor, int], Tensor]


def _spatial_dim(x: Tensor, dim: int) -> int:
    """Check that ``dim`` is a spatial dim of ``(N, C, *spatial)``; return it
    as a non-negative index."""
    if x.dim() < 3:
        raise ValueError('lifting expects a tensor (N, C, *spatial), got '
                         f'shape {tuple(x.shape)}')
    pos = dim % x.dim() if -x.dim() <= dim < x.dim() else -1
    if pos < 2:
        raise ValueError(f'dim {dim} is not a spatial dim of a tensor of '
                         f'shape {tuple(x.shape)}')
    return pos


def lifting_split(x: Tensor, dim: int) -> Tuple[Tensor, Tensor]:
    """Split ``x`` into its even and odd samples along ``dim``.

    Args:
        x (Tensor): ``(N, C, *spatial)``, ``n = x.size(dim) >= 1``.
        dim (int): a spatial dim.

    Returns:
        tuple[Tensor, Tensor]: ``x_e`` and ``x_o``, each with ``ceil(n / 2)``
        samples along ``dim``: strided views for even ``n``; for odd ``n`` the
        odd part ends with a copy of the last sample.
    """
    dim = _spatial_dim(x, dim)
    if x.size(dim) % 2:
        x = torch.cat([x, x.narrow(dim, -1, 1)], dim)
    return x.unflatten(dim, (-1, 2)).unbind(dim + 1)


def lifting_merge(x_e: Tensor, x_o: Tensor, dim: int, size: int) -> Tensor:
    """Interleave ``x_e`` and ``x_o`` along ``dim`` (Eq. 3.12) and keep the
    first ``size`` samples (the inverse of :func:`lifting_split`).

    Args:
        x_e, x_o (Tensor): ``(N, C, *spatial)`` of the same shape.
        dim (int): a spatial dim.
        size (int): ``2 * x_e.size(dim) - 1`` or ``2 * x_e.size(dim)``.
    """
    dim = _spatial_dim(x_e, dim)
    if x_e.shape != x_o.shape:
        raise ValueError(f'even part {tuple(x_e.shape)} and odd part '
                         f'{tuple(x_o.shape)} differ in shape')
    if not 0 <= 2 * x_e.size(dim) - size <= 1:
        raise ValueError(f'size {size} does not split into '
                         f'{x_e.size(dim)} even samples along dim {dim}')
    x = torch.stack([x_e, x_o], dim + 1).flatten(dim, dim + 1)
    return x.narrow(dim, 0, size)


def lift_down(x: Tensor, predict: LiftingFn, update: LiftingFn,
              dim: int) -> Tuple[Tensor, Tensor]:
    """One lifting step along ``dim`` (Eq. 3.1-3.3).

    Args:
        x (Tensor): ``(N, C, *spatial)``, ``n = x.size(dim)``.
        predict (callable): ``P(x_e, dim)``.
        update (callable): ``U(d, dim)``.
        dim (int): a spatial dim.

    Returns:
        tuple[Tensor, Tensor]: the approximation ``s = x_e + U(d)`` and the
        details ``d = x_o - P(x_e)``, each with ``ceil(n / 2)`` samples along
        ``dim``.
    """
    x_e, x_o = lifting_split(x, dim)
    d = x_o - predict(x_e, dim)
    return x_e + update(d, dim), d


def lift_up(s: Tensor, d: Tensor, predict: LiftingFn, update: LiftingFn,
            dim: int, size: int) -> Tensor:
    """The exact inverse of :func:`lift_down` (Eq. 3.9-3.12).

    Args:
        s, d (Tensor): approximation and details ``(N, C, *spatial)``.
        predict, update (callable): the ``P`` and ``U`` of the forward step.
        dim (int): a spatial dim.
        size (int): the size of the forward step's input along ``dim``.

    Returns:
        Tensor: ``x`` with ``size`` samples along ``dim``.
    """
    if s.shape != d.shape:
        raise ValueError(f'approximation {tuple(s.shape)} and details '
                         f'{tuple(d.shape)} differ in shape')
    x_e = s - update(d, dim)
    return lifting_merge(x_e, d + predict(x_e, dim), dim, size)


def lifting_costs(x: Tensor, s: Tensor, d: Tensor,
                  dim: int) -> Tuple[Tensor, Tensor]:
    """The regularisers of a lifting step of ``x`` into ``s, d`` (Eq. 3.6-3.7)
    as mean squares over all elements (so they do not grow with the batch or
    the resolution)::

        c_u = mean((U(d) + x_e - x_o) ** 2) = mean((s - x_o) ** 2)
        c_p = mean((x_o - P(x_e)) ** 2)     = mean(d ** 2)

    Returns:
        tuple[Tensor, Tensor]: scalars ``c_u``, ``c_p``.
    """
    x_o = lifting_split(x, dim)[1]
    return F.mse_loss(s, x_o), torch.linalg.vector_norm(d).square() / d.numel()


def lifting_filter(x: Tensor, weight: Tensor, channel_weight: Tensor,
                   dim: int, groups: int = 1) -> Tensor:
    """The learned predictor / updater of Eq. 3.4-3.5 along ``dim``::

        Tanh o Conv(k=1, g=C) o ReLU o Conv(k=K, g=G1)

    The K-tap convolution runs along ``dim`` only, with zero padding that
    keeps the size (an even K pads one more sample after than before); the
    depthwise 1x1 convolution is a per-channel scale ``a``. As ReLU is
    positively homogeneous and Tanh odd, the scale folds into the K-tap
    weights, and Tanh is computed through a sigmoid::

        tanh(a relu(z)) = sign(a) tanh(relu(|a| z))
                        = sign(a) (2 sigmoid(relu(2 |a| z)) - 1)

    which is one convolution and two in-place passes over its output
    (see :class:`_SignedTanh`). The gradient with respect to ``a`` is the
    same for ``a != 0`` (at ``a = 0`` exactly it is 0, not ``relu(z)``).

    Args:
        x (Tensor): ``(N, C, *spatial)``, 1 to 3 spatial dims.
        weight (Tensor): ``(C, C / G1, K)``.
        channel_weight (Tensor): ``(C, )``.
        dim (int): the spatial dim to filter along.
        groups (int): G1.
    """
    dim = _spatial_dim(x, dim)
    num_spatial = x.dim() - 2
    if num_spatial > 3:
        raise ValueError('lifting_filter supports 1 to 3 spatial dims, got '
                         f'shape {tuple(x.shape)}')
    if weight.dim() != 3 or weight.size(0) != x.size(1) \
            or weight.size(1) * groups != x.size(1):
        raise ValueError(f'weight {tuple(weight.shape)} does not fit '
                         f'{x.size(1)} channels in {groups} groups')
    kernel_shape = [1] * num_spatial
    kernel_shape[dim - 2] = weight.size(2)
    before = (weight.size(2) - 1) // 2
    after = weight.size(2) - 1 - before
    padding = [0] * num_spatial
    if before == after:
        padding[dim - 2] = before
    else:
        x = F.pad(x, [0, 0] * (x.dim() - 1 - dim) + [before, after])
    conv = (F.conv1d, F.conv2d, F.conv3d)[num_spatial - 1]
    weight = weight * (2 * channel_weight.abs()).view(-1, 1, 1)
    y = conv(x, weight.reshape(*weight.shape[:2], *kernel_shape),
             padding=padding, groups=groups)
    sign = channel_weight.detach().sign().reshape(-1, *[1] * num_spatial)
    return _SignedTanh.apply(y, sign)[0]


class _SignedTanh(torch.autograd.Function):
    """``sign * (2 sigmoid(relu(y)) - 1)`` for a per-channel ``sign`` of
    +-1 (= ``sign * tanh(relu(y) / 2)``), with ``sigmoid(relu(y))``
    computed in place in ``y``, the convolution's output, and kept for the
    backward::

        d out / d y = 2 sign sigmoid'(relu(y)) [y > 0]

    where ``[y > 0] = [sigmoid(relu(y)) > 1/2]``.

    Returns ``(out, y)``: ``y`` is returned because it is modified in
    place; callers use ``out``.

    On the CPU (torch 2.14) ``torch.tanh`` is ~30x slower than
    ``torch.sigmoid`` on float32 tensors of the same size; with autograd's
    Tanh o scale o ReLU the learned LiftDownPool2d spent more time in Tanh
    than in all its other elementwise work.
    """

    @staticmethod
    def forward(ctx, y: Tensor, sign: Tensor) -> Tuple[Tensor, Tensor]:
        prob = y.relu_().sigmoid_()
        ctx.mark_dirty(y)
        ctx.save_for_backward(prob, sign)
        return torch.mul(prob, 2 * sign).sub_(sign), prob

    @staticmethod
    def backward(ctx, grad: Tensor, _) -> Tuple[Tensor, None]:
        prob, sign = ctx.saved_tensors
        grad = torch.ops.aten.sigmoid_backward(grad, prob).mul_(2 * sign)
        return torch.ops.aten.threshold_backward(grad, prob, 0.5), None


#: The CDF 5/3 lifting steps of Eq. A.1-A.2 as analysis filters on the
#: offsets -2..2 around x_{2k}: ``s_k = sum_j LOW[j] x_{2k+j}`` and
#: ``d_k = sum_j HIGH[j] x_{2k+j}``.
CDF53_FILTERS = dict(
    L=(-1 / 8, 1 / 4, 3 / 4, 1 / 4, -1 / 8), H=(0., 0., -1 / 2, 1., -1 / 2))


def cdf53_kernel2d(sub_bands: Sequence[str]) -> Tensor:
    """The 5x5 kernel whose stride-2 correlation gives the sum of the CDF
    5/3 sub-bands ``sub_bands`` (names ``'XY'``: X the filter along W, Y the
    one along H, as in :class:`~mmcontinuity.models.liftpool.LiftBands`)."""
    kernel = torch.zeros(5, 5, dtype=torch.float64)
    for name in sub_bands:
        kernel += torch.outer(
            torch.tensor(CDF53_FILTERS[name[1]], dtype=torch.float64),
            torch.tensor(CDF53_FILTERS[name[0]], dtype=torch.float64))
    return kernel


def cdf53_pool2d(x: Tensor, kernel: Tensor) -> Tensor:
    """A linear combination of the 2-D CDF 5/3 sub-bands of ``x`` as one
    depthwise stride-2 convolution with ``kernel`` (from
    :func:`cdf53_kernel2d`): equal to the three lifting steps with
    :func:`cdf53_predict` / :func:`cdf53_update` (odd sizes: last sample
    repeated; periodic boundary), in fewer passes over memory.

    Args:
        x (Tensor): ``(N, C, H, W)``.
        kernel (Tensor): ``(5, 5)``.

    Returns:
        Tensor: ``(N, C, ceil(H / 2), ceil(W / 2))``.
    """
    if x.dim() != 4 or kernel.shape != (5, 5):
        raise ValueError(f'cdf53_pool2d expects x (N, C, H, W) and a 5x5 '
                         f'kernel, got {tuple(x.shape)}, '
                         f'{tuple(kernel.shape)}')
    height, width = x.shape[-2:]
    if height % 2 or width % 2:
        x = F.pad(x, (0, width % 2, 0, height % 2), mode='replicate')
    weight = kernel.to(x).expand(x.size(1), 1, 5, 5).contiguous()
    # oneDNN's depthwise convolution runs about twice as fast on
    # channels-last tensors (CPU, torch 2.14) as on contiguous ones
    x = _CircularPad2d.apply(x, 2)
    return F.conv2d(x, weight, stride=2, groups=x.size(1)).contiguous()


class _CircularPad2d(torch.autograd.Function):
    """Periodic padding of the last two dims of ``(N, C, H, W)`` by ``pad``
    on each side (``pad`` at most their sizes) into a channels-last tensor,
    in one pass over ``x``; the backward folds the borders back into one
    copy of the gradient in ``x``'s layout (autograd's backward of
    ``F.pad(..., mode='circular')`` fills and copies a full-size tensor per
    slice)."""

    @staticmethod
    def forward(ctx, x: Tensor, pad: int) -> Tensor:
        ctx.pad = p = pad
        height, width = x.shape[-2:]
        out = torch.empty((*x.shape[:-2], height + 2 * p, width + 2 * p),
                          dtype=x.dtype, device=x.device,
                          memory_format=torch.channels_last)
        out[..., p:-p, p:-p] = x
        out[..., p:-p, :p] = x[..., -p:]
        out[..., p:-p, -p:] = x[..., :p]
        # padded row r holds row (r - p) mod H of x
        out[..., :p, :] = out[..., height:height + p, :]
        out[..., -p:, :] = out[..., p:2 * p, :]
        return out

    @staticmethod
    def backward(ctx, grad: Tensor) -> Tuple[Tensor, None]:
        p = ctx.pad
        # (rows or columns of the padded gradient, where they belong in x)
        parts = ((slice(p, -p), slice(None)),
                 (slice(None, p), slice(-p, None)),
                 (slice(-p, None), slice(None, p)))
        grad_x = grad[..., p:-p, p:-p].contiguous()
        for (rows, to_rows), (cols, to_cols) in product(parts, repeat=2):
            if (rows, cols) != (parts[0][0], parts[0][0]):
                grad_x[..., to_rows, to_cols] += grad[..., rows, cols]
        return grad_x, None


def cdf53_predict(x_e: Tensor, dim: int) -> Tensor:
    """Fixed CDF 5/3 predictor (Eq. A.1): ``P(x_e)_k = (x_{2k} + x_{2k+2})/2``
    with periodic boundary (``x_e`` wraps around)."""
    return 0.5 * (x_e + x_e.roll(-1, _spatial_dim(x_e, dim)))


def cdf53_update(d: Tensor, dim: int) -> Tensor:
    """Fixed CDF 5/3 updater (Eq. A.2): ``U(d)_k = (d_{k-1} + d_k) / 4`` with
    periodic boundary (``d`` wraps around)."""
    return 0.25 * (d + d.roll(1, _spatial_dim(d, dim)))
