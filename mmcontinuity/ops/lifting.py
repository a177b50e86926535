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
from torch.autograd.function import once_differentiable

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
    weight, sign = _fold_filter(x, weight, channel_weight, dim, groups)
    padding, pad = _filter_padding(weight, dim)
    if pad:
        x = F.pad(x, pad)
    conv = (F.conv1d, F.conv2d, F.conv3d)[x.dim() - 3]
    y = conv(x, weight, padding=padding, groups=groups)
    return _SignedTanh.apply(y, sign)[0]


def _fold_filter(x: Tensor, weight: Tensor, channel_weight: Tensor, dim: int,
                 groups: int) -> Tuple[Tensor, Tensor]:
    """Check the weights of a learned filter along ``dim`` against ``x``;
    return the K-tap weight as a convolution weight along ``dim`` with the
    depthwise scale folded in, ``2 |a| w`` of shape ``(C, C / G1, 1, .., K,
    .., 1)``, and ``sign(a)`` (detached) of shape ``(C, 1, ..., 1)`` (see
    :func:`lifting_filter`)."""
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
    weight = weight * (2 * channel_weight.abs()).view(-1, 1, 1)
    sign = channel_weight.detach().sign().reshape(-1, *[1] * num_spatial)
    return weight.reshape(*weight.shape[:2], *kernel_shape), sign


def _filter_padding(weight: Tensor, dim: int) -> Tuple[list, list]:
    """The zero padding that keeps the size along ``dim`` for the
    convolution ``weight`` from :func:`_fold_filter`: ``(padding, pad)``,
    the convolution's symmetric ``padding`` for an odd K, else an explicit
    ``F.pad`` argument ``pad`` (one sample more after than before)."""
    size = weight.size(dim)
    before, after = (size - 1) // 2, size // 2
    padding = [0] * (weight.dim() - 2)
    if before == after:
        padding[dim - 2] = before
        return padding, []
    return padding, [0, 0] * (weight.dim() - 1 - dim) + [before, after]


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
        # no zero-filled gradient for the unused second output
        ctx.set_materialize_grads(False)
        return torch.addcmul(-sign, prob, 2 * sign), prob

    @staticmethod
    @once_differentiable
    def backward(ctx, grad: Tensor, _) -> Tuple[Tensor, None]:
        if grad is None:
            return None, None
        prob, sign = ctx.saved_tensors
        return _sigmoid_relu_backward(grad, prob).mul_(2 * sign), None


def _sigmoid_relu_backward(grad: Tensor, prob: Tensor) -> Tensor:
    """``grad * sigmoid'(relu(y)) [y > 0]`` from ``prob = sigmoid(relu(y))``
    in two passes, as a new tensor."""
    out = torch.ops.aten.sigmoid_backward(grad, prob)
    return torch.ops.aten.threshold_backward(out, prob, 0.5, grad_input=out)


def _filter_probability(x: Tensor, weight: Tensor, dim: int,
                        groups: int) -> Tensor:
    """``sigmoid(relu(conv(x, weight)))`` along ``dim`` (``weight`` from
    :func:`_fold_filter`)."""
    padding, pad = _filter_padding(weight, dim)
    conv = (F.conv1d, F.conv2d, F.conv3d)[x.dim() - 3]
    prob = conv(F.pad(x, pad) if pad else x, weight, padding=padding,
                groups=groups)
    return prob.relu_().sigmoid_()


def _filter_backward(grad: Tensor, prob: Tensor, x: Tensor, weight: Tensor,
                     scale: Tensor, dim: int, groups: int,
                     output_mask: list) -> Tuple[Tensor, Tensor]:
    """Gradients of ``sum(grad * scale * sigmoid(relu(conv(x, weight))))``
    with respect to ``x`` and ``weight`` (each None where ``output_mask``
    says so), given ``prob`` from :func:`_filter_probability` and a
    per-channel ``scale`` ``(C, 1, ..., 1)``. The scale multiplies the
    convolution's output channels, so it goes into the weight (input
    gradient) and onto the weight gradient instead of into a pass over
    ``grad``."""
    padding, pad = _filter_padding(weight, dim)
    num_spatial = weight.dim() - 2
    scale = scale.view(-1, *[1] * (weight.dim() - 1))
    grad_x, grad_weight, _ = torch.ops.aten.convolution_backward(
        _sigmoid_relu_backward(grad, prob), F.pad(x, pad) if pad else x,
        weight * scale,
        None, [1] * num_spatial, padding, [1] * num_spatial, False,
        [0] * num_spatial, groups, output_mask + [False])
    if grad_x is not None and pad:
        grad_x = grad_x.narrow(dim, pad[-2], prob.size(dim))
    if grad_weight is not None:
        grad_weight = grad_weight * scale
    return grad_x, grad_weight


def learned_lift_down(x: Tensor,
                      predict: Tuple[Tensor, Tensor],
                      update: Tuple[Tensor, Tensor],
                      dim: int,
                      groups: int = 1,
                      return_costs: bool = False):
    """:func:`lift_down` with the learned ``P`` and ``U`` of
    :func:`lifting_filter` as one autograd function, ``s`` and ``d``
    stacked::

        s, d = learned_lift_down(x, (w_P, a_P), (w_U, a_U), dim)
        # equals, to float rounding,
        s, d = lift_down(x, P, U, dim)
        # with P = lambda t, dim: lifting_filter(t, w_P, a_P, dim, groups)

    and, with ``return_costs``, :func:`lifting_costs` of the step. Same
    values and gradients in fewer passes over memory than autograd's graph
    of the same step (forward and backward): ``d`` and ``s`` are written
    straight from the filters' sigmoid outputs into one buffer
    (``x_o + sign(a) - 2 sign(a) sigmoid(...)``), the gradient of ``x``
    is written interleaved in place, the costs' gradients join those of
    ``s``, ``d`` and ``x_o`` without splitting ``x`` again, and the
    per-channel ``2 sign(a)`` of each filter goes into its convolution's
    weight instead of a pass over the gradient.

    Args:
        x (Tensor): ``(N, C, *spatial)``, 1 to 3 spatial dims.
        predict, update (tuple[Tensor, Tensor]): the ``(weight,
            channel_weight)`` of ``P`` and ``U``, ``(C, C / G1, K)`` and
            ``(C, )`` (:func:`lifting_filter`).
        dim (int): a spatial dim.
        groups (int): G1.
        return_costs (bool): also return ``(c_u, c_p)``.

    Returns:
        Tensor | tuple[Tensor, tuple[Tensor, Tensor]]: ``(2, N, C,
        *spatial')``, ``s`` and ``d`` stacked (``ceil(n / 2)`` samples along
        ``dim``); with ``return_costs`` also the scalars ``(c_u, c_p)``.
    """
    dim = _spatial_dim(x, dim)
    w_p, sign_p = _fold_filter(x, *predict, dim, groups)
    w_u, sign_u = _fold_filter(x, *update, dim, groups)
    sd, c_u, c_p = _LearnedLiftDown.apply(x, w_p, sign_p, w_u, sign_u, dim,
                                          groups, return_costs)
    return (sd, (c_u, c_p)) if return_costs else sd


class _LearnedLiftDown(torch.autograd.Function):
    """The step of :func:`learned_lift_down`. With ``prob_P``, ``prob_U``
    the sigmoid outputs of the filters (``P(t) = sign_P (2 prob_P - 1)``)
    and ``g_s``, ``g_d`` the incoming gradients, the backward is::

        g_s' = g_s + 2 g_cu (s - x_o) / n     (c_u = mean((s - x_o)^2))
        g_d' = g_d + U'(d)^T g_s' + 2 g_cp d / n         (c_p = mean(d^2))
        g_xe = g_s' - P'(x_e)^T g_d'
        g_xo = g_d' - 2 g_cu (s - x_o) / n
    """

    @staticmethod
    def forward(ctx, x: Tensor, w_p: Tensor, sign_p: Tensor, w_u: Tensor,
                sign_u: Tensor, dim: int, groups: int, with_costs: bool):
        x_e, x_o = lifting_split(x, dim)
        x_e = x_e.contiguous()
        sd = x_e.new_empty((2, *x_e.shape))
        s, d = sd
        prob_p = _filter_probability(x_e, w_p, dim, groups)
        torch.addcmul(x_o, prob_p, -2 * sign_p, out=d).add_(sign_p)
        prob_u = _filter_probability(d, w_u, dim, groups)
        torch.addcmul(x_e, prob_u, 2 * sign_u, out=s).sub_(sign_u)
        costs, residual = (None, None), None
        if with_costs:
            # kept for the backward of c_u; sum of squares rather than
            # F.mse_loss (2x slower on the CPU) or vector_norm (relative
            # error 1e-4 in float32 on a million elements)
            residual = s - x_o
            costs = (residual.square().sum() / s.numel(),
                     d.square().sum() / d.numel())
        ctx.save_for_backward(x, x_e, sd, w_p, sign_p, prob_p, w_u, sign_u,
                              prob_u, residual)
        ctx.dim, ctx.groups = dim, groups
        ctx.set_materialize_grads(False)
        return (sd, *costs)

    @staticmethod
    @once_differentiable
    def backward(ctx, grad: Tensor, grad_c_u: Tensor, grad_c_p: Tensor):
        (x, x_e, sd, w_p, sign_p, prob_p, w_u, sign_u, prob_u,
         residual) = ctx.saved_tensors
        dim, groups = ctx.dim, ctx.groups
        need_x, need_w_p, _, need_w_u = ctx.needs_input_grad[:4]
        if grad is None:
            grad = torch.zeros_like(sd)
        (s, d), (grad_s, grad_d) = sd, grad
        if grad_c_u is not None:
            # d c_u / d s = 2 (s - x_o) / n = -d c_u / d x_o
            grad_residual = 2 * grad_c_u / s.numel()
            grad_s = torch.addcmul(grad_s, residual, grad_residual)
        grad_d_u, grad_w_u = _filter_backward(grad_s, prob_u, d, w_u,
                                              2 * sign_u, dim, groups,
                                              [True, need_w_u])
        grad_d = grad_d_u.add_(grad_d)
        if grad_c_p is not None:
            grad_d.addcmul_(d, 2 * grad_c_p / d.numel())
        grad_x = grad_w_p = None
        if need_x or need_w_p:
            grad_x_e, grad_w_p = _filter_backward(grad_d, prob_p, x_e, w_p,
                                                  -2 * sign_p, dim,
                                                  groups, [need_x, need_w_p])
        if need_x:
            # the gradients of x_e and x_o, written interleaved
            size = x.size(dim)
            grad_x = x.new_empty((*x.shape[:dim], size + size % 2,
                                  *x.shape[dim + 1:]))
            grad_e, grad_o = lifting_split(grad_x, dim)
            torch.add(grad_x_e, grad_s, out=grad_e)
            if grad_c_u is None:
                grad_o.copy_(grad_d)
            else:
                torch.addcmul(grad_d, residual, -grad_residual, out=grad_o)
            if size % 2:
                # the odd part's last sample repeats x's last one
                grad_x.narrow(dim, size - 1, 1).add_(
                    grad_x.narrow(dim, size, 1))
                grad_x = grad_x.narrow(dim, 0, size)
        return grad_x, grad_w_p, None, grad_w_u, None, None, None, None


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
