"""Aligned 3D convolutions (Sec. 5.3.2, Eqs. 5.3-5.5 and 5.8).

A 3D convolution with temporal kernel 3 sums, for the output at slice t, a
2-D convolution of each of F_{t-1}, F_t, F_{t+1} with the matching temporal
tap of the kernel (Eq. 5.2). The aligned convolution reads the neighbouring
slices at positions displaced by offsets Delta_{t,t+dt} (Eq. 5.3):

* patch-to-patch (Eq. 5.4): all taps of the window centred at (x, y) share
  the offset at the centre, Delta_{t,t+dt}(x, y): (2 rho + 1)(2 sigma + 1)
  bilinear interpolations per output position (a deformable convolution
  whose offsets are the centre's, repeated for every tap);
* patch-to-point (Eq. 5.5): the tap at (x + dx, y + dy) reads the offset
  field at its own position, Delta_{t,t+dt}(x + dx, y + dy): the neighbouring
  slice is warped once by its offset field (one interpolation per position)
  and convolved normally;
* point-to-point (Eq. 5.8): patch-to-point plus deformable sampling
  locations Delta_t on F_t, the same for the three (aligned) slices, so a
  deformed point of F_t is tracked into its neighbours.

Functional core: ``patch_to_point_conv3d``, ``patch_to_patch_conv3d`` and
``point_to_point_conv3d`` take explicit offsets of shape (N, 2, 2, T, H, W)
(see ``offsets.py``: direction backward/forward, then (dy, dx) in pixels of
the input). They batch the output frames. Patch-to-point runs, for each
temporal tap, one 2-D convolution over the input frames that the tap
reads (the neighbours warped by a bilinear gather of rows of channels)
and adds it into the output frames shifted by the tap; everything stays
channels-last, the layout the CPU convolutions are fastest with. The two
deformable modes take the slices F_{t-1}, F_t, F_{t+1} of the centre t of
every output frame as (T' N, C, H, W) tensors and fold the taps into
channels (one 2-D input of 3 C channels and a (C_out, 3 C/g, kh, kw)
kernel) for a single deformable convolution. Either way Eq. 5.3 costs the
FLOPs of the 3D convolution. With zero offsets each equals ``F.conv3d``.
"""
from typing import Sequence, Tuple

import torch
import torch.nn.functional as F
from mmengine.registry import MODELS
from torch import Tensor, nn
from torch.autograd.function import once_differentiable
from torch.nn.modules.utils import _triple
from torchvision.ops import deform_conv2d


class _WeightedRows(torch.autograd.Function):
    """Weighted sums of rows, ``out[p] = sum_k weights[p, k] table[index[p,
    k]]``: (R, C), (P, K), (P, K) -> (P, C); ``F.embedding_bag`` in mode
    'sum', with a backward about twice as fast on a CPU.

    The gradient of the table is the transposed sum, gathered in turn by
    ``F.embedding_bag``: for every row r, the rows of the output gradient
    that read it, weighted (the index sorted once, the bags bounded by the
    counts of reads), instead of ``embedding_bag``'s backward (zero fill,
    sort and per-row accumulation); the gradient of the weights is
    ``embedding_bag``'s own (the dot products of the output gradient's
    rows with the rows read).
    """

    @staticmethod
    def forward(ctx, table: Tensor, index: Tensor,
                weights: Tensor) -> Tensor:
        ctx.save_for_backward(table, index, weights)
        return F.embedding_bag(
            index, table, per_sample_weights=weights, mode='sum')

    @staticmethod
    @once_differentiable
    def backward(ctx, grad: Tensor) -> Tuple[Tensor, None, Tensor]:
        table, index, weights = ctx.saved_tensors
        grad, flat = grad.contiguous(), index.flatten()
        grad_table = grad_weights = None
        if ctx.needs_input_grad[0]:
            # the reads grouped by row (a stable sort: a deterministic
            # order of summation; of int32 keys where they fit, twice as
            # fast), the bag of row r starting after the reads of rows < r
            keys = flat.int() if table.size(0) < 2**31 else flat
            order = keys.sort(stable=True)[1]
            reads = torch.bincount(flat, minlength=table.size(0))
            grad_table = F.embedding_bag(
                order.div(index.size(1), rounding_mode='floor'),
                grad,
                reads.cumsum(0) - reads,
                per_sample_weights=weights.flatten()[order],
                mode='sum')
        if ctx.needs_input_grad[2]:
            bags = torch.arange(index.size(0), device=index.device)
            grad_weights = torch.ops.aten._embedding_bag_per_sample_weights_backward(  # noqa: E501
                grad, table, flat, bags * index.size(1),
                bags.repeat_interleave(index.size(1)), 0).view_as(weights)
        return grad_table, None, grad_weights


def _bilinear_rows(table: Tensor, first_rows: Tensor,
                   offsets: Tensor) -> Tensor:
    """Bilinear samples of frames stored as rows of channels.

    Args:
        table (Tensor): (R, C), the pixels of frames of H x W pixels as
            rows (row ``r0 + i W + j`` = pixel (i, j) of the frame whose
            first row is ``r0``).
        first_rows (Tensor): (B,), the first row of the frame to sample
            for each of the B outputs.
        offsets (Tensor): (B, 2, H, W), (dy, dx) in pixels.

    Returns:
        Tensor: (B, H, W, C), ``out[b, i, j] = frame_b(i + dy, j + dx)``
        (zero outside the frame): one sum of the four neighbours weighted
        by ``F.embedding_bag`` per position, which reads and writes rows of
        C channels (the channels-last layout of the convolutions).
    """
    b, _, height, width = offsets.shape

    def corners(coords: Tensor, size: int) -> Tuple[Tensor, Tensor]:
        """Indices (clamped) and weights (zero outside) of the two
        neighbours floor(p) and floor(p) + 1 of every point p."""
        low = coords.detach().floor()
        index = low.long()[..., None] + torch.arange(2, device=low.device)
        weight = torch.stack([low + 1 - coords, coords - low], -1)
        inside = (index >= 0) & (index < size)
        return index.clamp_(0, size - 1), weight * inside

    grid = torch.arange(height, dtype=offsets.dtype, device=offsets.device)
    rows, row_weights = corners(grid[:, None] + offsets[:, 0], height)
    grid = torch.arange(width, dtype=offsets.dtype, device=offsets.device)
    cols, col_weights = corners(grid + offsets[:, 1], width)
    # (B, H, W, 2, 2): the four neighbours of every position
    index = (first_rows.view(b, 1, 1, 1, 1) + rows[..., None] * width +
             cols[..., None, :])
    weights = row_weights[..., None] * col_weights[..., None, :]
    return _WeightedRows.apply(table, index.view(-1, 4),
                               weights.view(-1, 4)).view(
                                   b, height, width, table.size(1))


def warp(frames: Tensor, offsets: Tensor) -> Tensor:
    """Bilinearly sample ``frames`` at every position plus its offset.

    Args:
        frames (Tensor): (B, C, H, W).
        offsets (Tensor): (B, 2, H, W), (dy, dx) in pixels.

    Returns:
        Tensor: (B, C, H, W), channels-last, ``out[..., i, j] = frames[...,
        i + dy, j + dx]`` (zero outside the image).
    """
    b, c, height, width = frames.shape
    first_rows = torch.arange(b, device=frames.device) * (height * width)
    return _bilinear_rows(
        frames.permute(0, 2, 3, 1).reshape(-1, c), first_rows,
        offsets).permute(0, 3, 1, 2)


def _check(input: Tensor, offsets: Tensor, weight: Tensor, stride,
           padding, dilation) -> Tuple[tuple, tuple, tuple]:
    stride, padding, dilation = _triple(stride), _triple(padding), _triple(
        dilation)
    if input.dim() != 5:
        raise ValueError('aligned 3D convolution expects (N, C, T, H, W) '
                         f'input, got {tuple(input.shape)}')
    if weight.dim() != 5 or weight.size(2) != 3 or dilation[0] != 1:
        raise ValueError('aligned 3D convolution needs a temporal kernel of '
                         f'3 without temporal dilation, got weight '
                         f'{tuple(weight.shape)} and dilation {dilation}')
    n, _, t, h, w = input.shape
    if offsets.shape != (n, 2, 2, t, h, w):
        raise ValueError(f'offsets must be (N, 2, 2, T, H, W) = '
                         f'{(n, 2, 2, t, h, w)}, got {tuple(offsets.shape)}')
    if t + 2 * padding[0] < 3:
        raise ValueError(f'{t} slices with temporal padding {padding[0]} '
                         'are fewer than the temporal kernel (3)')
    return stride, padding, dilation


def _num_out(num_frames: int, stride: int, padding: int) -> int:
    """T', the number of output frames."""
    return (num_frames + 2 * padding - 3) // stride + 1


def _centres(num_frames: int, stride: int, padding: int,
             device) -> Tensor:
    """Index of the centre slice of every output frame in the input padded
    by ``padding`` zero slices at each end."""
    return torch.arange(
        _num_out(num_frames, stride, padding), device=device) * stride + 1


def _tap_outputs(num_frames: int, stride: int, padding: int,
                 tap: int) -> range:
    """The output frames i whose temporal tap ``tap`` (0, 1, 2 for t - 1,
    t, t + 1) reads an input frame, i s + tap - p in [0, T)."""
    first = max(0, -((tap - padding) // stride))
    last = min(
        _num_out(num_frames, stride, padding) - 1,
        (num_frames - 1 + padding - tap) // stride)
    return range(first, last + 1)


class _NeighbourSlices(torch.autograd.Function):
    """F_{t-1}, F_t and F_{t+1} of the centre t of each of the T' output
    frames, each (T' N, C, H, W) (output frame-major; zeros beyond the
    clip): channels-last views of one (T + 2 p, N, H, W, C) copy of the
    input, windows of one ``unfold`` (the deformable modes' slices).

    Backward: the gradient of an input frame is the sum of those of the
    (at most three) slices that view it, added in place into one tensor of
    the input's shape in the order of ``unfold``'s backward (ascending
    windows: tap +1, then 0, then -1), so it is bitwise the gradient that
    autograd computes through pad, unfold and unbind, without their
    stack of the three slice gradients, zero-filled padded buffer and
    copy back into the input's layout (about 0.1 x the time of the 3D
    convolution, forward + backward).
    """

    @staticmethod
    def forward(ctx, input: Tensor, stride: int,
                padding: int) -> Tuple[Tensor, Tensor, Tensor]:
        ctx.set_materialize_grads(False)
        ctx.input_shape, ctx.stride, ctx.padding = input.shape, stride, padding
        frames = F.pad(
            input.permute(2, 0, 3, 4, 1),
            (0, 0, 0, 0, 0, 0, 0, 0, padding, padding)).contiguous()
        # (T', N, H, W, C, 3) -> 3 x (T' N, C, H, W)
        windows = frames.unfold(0, 3, stride).flatten(0, 1).permute(
            0, 3, 1, 2, 4)
        return windows.unbind(-1)

    @staticmethod
    def backward(ctx, *grads: Tensor) -> Tuple[Tensor, None, None]:
        n, _, num_frames = ctx.input_shape[:3]
        stride, padding = ctx.stride, ctx.padding
        num_out = _num_out(num_frames, stride, padding)
        defined = [g for g in grads if g is not None]
        if not defined:
            return None, None, None
        grad = defined[0].new_zeros(ctx.input_shape)
        per_frame = grad.transpose(0, 2).transpose(1, 2)  # (T, N, C, H, W)
        for tap in (2, 1, 0):
            outputs = _tap_outputs(num_frames, stride, padding, tap)
            if grads[tap] is not None and outputs:
                start = outputs[0] * stride + tap - padding
                per_frame[start:start + stride * (len(outputs) - 1) + 1:
                          stride] += grads[tap].unflatten(
                              0, (num_out, n))[outputs[0]:outputs[-1] + 1]
        return grad, None, None


def _slices(input: Tensor, stride: int,
            padding: int) -> Tuple[Tensor, Tensor, Tensor]:
    """F_{t-1}, F_t and F_{t+1} of the centre t of each of the T' output
    frames, each (T' N, C, H, W), see :class:`_NeighbourSlices`."""
    return _NeighbourSlices.apply(input, stride, padding)


def _gather_offsets(offsets: Tensor, stride: int, padding: int) -> Tensor:
    """(N, 2, 2, T, H, W) -> (T' N, 2, 2, H, W): the backward and forward
    offsets of the centre slice of each output frame."""
    centres = _centres(offsets.size(3), stride, padding, offsets.device)
    padded = F.pad(offsets, (0, 0, 0, 0, padding, padding))
    return padded.index_select(3, centres).permute(3, 0, 1, 2, 4,
                                                   5).flatten(0, 1)


def _aligned_taps(input: Tensor, offsets: Tensor, stride: int,
                  padding: int) -> Tuple[Tensor, Tensor, Tensor]:
    """F_{t-1} and F_{t+1} warped by their offsets and F_t, each (T' N, C,
    H, W), for every output frame."""
    before, centre, after = _slices(input, stride, padding)
    offsets = _gather_offsets(offsets, stride, padding)
    return warp(before, offsets[:, 0]), centre, warp(after, offsets[:, 1])


def _fold_input(taps: Sequence[Tensor], groups: int) -> Tensor:
    """The (B, C, H, W) slices of the three temporal taps -> (B, 3 C, H, W),
    channels ordered (group, tap, channel of the group) to match
    ``_fold_weight``; channels-last (one copy)."""
    b, c, h, w = taps[0].shape
    folded = torch.stack([tap.permute(0, 2, 3, 1) for tap in taps], 3)
    if groups > 1:
        folded = folded.unflatten(-1, (groups, -1)).transpose(3, 4)
    return folded.reshape(b, h, w, 3 * c).permute(0, 3, 1, 2)


def _fold_weight(weight: Tensor) -> Tensor:
    """(C_out, C/g, 3, kh, kw) -> (C_out, 3 C/g, kh, kw), tap-major."""
    return weight.transpose(1, 2).flatten(1, 2)


def _unfold_output(output: Tensor, batch: int) -> Tensor:
    """(T' N, C_out, H', W') -> (N, C_out, T', H', W'), channels-last 3-D
    in memory as ``F.conv3d``'s output for a channels-last input (one copy
    of contiguous rows of C_out)."""
    return output.unflatten(0, (-1, batch)).permute(1, 2, 0, 3, 4).contiguous(
        memory_format=torch.channels_last_3d)


class _TapSum(torch.autograd.Function):
    """The sum over the temporal taps of their 2-D convolutions, each added
    to the output frames it contributes to.

    Every tap output is (N T_k, C_out, H', W') (sample-major), for the
    output frames ``first`` to ``first + T_k - 1``; the sum is (N T',
    C_out, H', W'), accumulated in place into the first tap output when it
    covers every output frame (the centre tap's, for temporal padding <=
    1), else into zeros. The gradient of every tap output is (a copy of)
    a slice of the sum's gradient: autograd's in-place additions into
    views would clone the whole gradient for each.
    """

    @staticmethod
    def forward(ctx, batch: int, num_out: int, firsts: Tuple[int, ...],
                *outputs: Tensor) -> Tensor:
        frames = [out.unflatten(0, (batch, -1)) for out in outputs]
        ctx.batch = batch
        ctx.ranges = [
            slice(first, first + out.size(1))
            for first, out in zip(firsts, frames)
        ]
        total = outputs[0]
        if ctx.ranges[0] == slice(0, num_out):
            ctx.mark_dirty(total)
            frames, ranges = frames[1:], ctx.ranges[1:]
        else:
            total = total.new_zeros(batch * num_out, *total.shape[1:])
            ranges = ctx.ranges
        for frames_out, out in zip(ranges, frames):
            total.unflatten(0, (batch, -1))[:, frames_out] += out
        return total

    @staticmethod
    def backward(ctx, grad: Tensor) -> tuple:
        grad = grad.unflatten(0, (ctx.batch, -1))
        return (None, None, None) + tuple(
            grad[:, frames_out].flatten(0, 1) for frames_out in ctx.ranges)


def patch_to_point_conv3d(input: Tensor,
                          offsets: Tensor,
                          weight: Tensor,
                          bias: Tensor = None,
                          stride=1,
                          padding=0,
                          dilation=1,
                          groups: int = 1) -> Tensor:
    """Patch-to-point aligned 3D convolution (Eq. 5.5).

    ``F_{t+dt}`` is warped once by Delta_{t,t+dt}, then the three slices are
    convolved as by ``F.conv3d``: for each temporal tap, one 2-D
    convolution of the input frames that the tap reads (warped for the
    taps t - 1 and t + 1) over all output frames at once, added into the
    output frames shifted by the tap. The frames are rows of channels (one
    channels-last copy of the input, none if it is channels-last 3-D); the
    warps read them as rows (``_bilinear_rows``) and write the
    channels-last layout the convolutions are fastest with; no zero slices
    are convolved.

    Args:
        input (Tensor): (N, C, T, H, W).
        offsets (Tensor): (N, 2, 2, T, H, W), see the module docstring.
        weight (Tensor): (C_out, C / groups, 3, kh, kw).
        bias (Tensor, optional): (C_out,).
        stride, padding, dilation (int | tuple): as ``F.conv3d`` (temporal
            dilation 1).
        groups (int): as ``F.conv3d``.

    Returns:
        Tensor: (N, C_out, T', H', W') as ``F.conv3d``, channels-last 3-D.
    """
    stride, padding, dilation = _check(input, offsets, weight, stride,
                                       padding, dilation)
    n, c, num_frames, height, width = input.shape
    t_stride, t_padding = stride[0], padding[0]
    num_out = _num_out(num_frames, t_stride, t_padding)
    frames = input.permute(0, 2, 3, 4, 1).contiguous()  # (N, T, H, W, C)
    # per tap: the output frames it contributes to and the input frames
    # i s + tap - p it reads
    frames_out = [
        _tap_outputs(num_frames, t_stride, t_padding, tap) for tap in range(3)
    ]
    sources = [
        range(outs.start * t_stride + tap - t_padding,
              outs.stop * t_stride + tap - t_padding, t_stride)
        for tap, outs in enumerate(frames_out)
    ]
    # both neighbours warped at once (one gather and one scatter of rows),
    # F_{t-1} by the backward and F_{t+1} by the forward offsets of the
    # centre slice i s + 1 - p (zero offsets where it is in the padding)
    centre_offsets = F.pad(offsets, (0, 0, 0, 0, t_padding, t_padding))
    first_rows, tap_offsets = [], []
    for tap in (0, 2):
        index = torch.arange(
            sources[tap].start,
            sources[tap].stop,
            t_stride,
            device=input.device)
        first_rows.append(
            (torch.arange(n, device=input.device)[:, None] * num_frames +
             index).flatten() * (height * width))
        outs = frames_out[tap]
        tap_offsets.append(
            centre_offsets[:, tap // 2, :, outs.start * t_stride +
                           1:outs.stop * t_stride + 1:t_stride].transpose(
                               1, 2).flatten(0, 1))
    warped = _bilinear_rows(
        frames.view(-1, c), torch.cat(first_rows),
        torch.cat(tap_offsets)).split([len(rows) for rows in first_rows])
    taps = {
        0: warped[0],
        1: frames[:, sources[1].start:sources[1].stop:t_stride].reshape(
            -1, height, width, c),
        2: warped[1]
    }
    # the centre tap first: with temporal padding <= 1 it covers every
    # output frame, and the sum accumulates into its output
    covers = len(frames_out[1]) == num_out
    order = [tap for tap in (1, 0, 2) if frames_out[tap]]
    outputs = [
        F.conv2d(taps[tap].permute(0, 3, 1, 2), weight[:, :, tap],
                 bias if tap == 1 and covers else None, stride[1:],
                 padding[1:], dilation[1:], groups) for tap in order
    ]
    firsts = tuple(frames_out[tap].start for tap in order)
    # (N T', C_out, H', W') -> (N, C_out, T', H', W')
    output = _TapSum.apply(n, num_out, firsts,
                           *outputs).unflatten(0, (n, -1)).transpose(1, 2)
    if bias is not None and not covers:
        output = output + bias.view(-1, 1, 1, 1)
    return output


def _output_size(height: int, width: int, kh: int, kw: int, stride: tuple,
                 padding: tuple, dilation: tuple) -> Tuple[int, int]:
    """Spatial output size of the convolution (H', W')."""
    return tuple((size + 2 * p - d * (k - 1) - 1) // s + 1
                 for size, k, s, p, d in zip((height, width), (kh, kw),
                                             stride[1:], padding[1:],
                                             dilation[1:]))


def _window_centres(size: int, out_size: int, kernel: int, stride: int,
                    padding: int, dilation: int, offsets: Tensor) -> Tensor:
    """Normalised (grid_sample, align_corners=False) coordinates of the
    centres of the ``out_size`` windows along one axis."""
    centres = torch.arange(
        out_size, dtype=offsets.dtype, device=offsets.device) * stride - (
            padding - dilation * (kernel - 1) / 2)
    return (2 * centres + 1) / size - 1


def patch_to_patch_conv3d(input: Tensor,
                          offsets: Tensor,
                          weight: Tensor,
                          bias: Tensor = None,
                          stride=1,
                          padding=0,
                          dilation=1,
                          groups: int = 1) -> Tensor:
    """Patch-to-patch aligned 3D convolution (Eq. 5.4).

    Every tap of the window on ``F_{t+dt}`` is displaced by the offset at the
    window centre (bilinear interpolation of the offset field where the
    centre is fractional, e.g. even kernels; zero where it lies in the
    padding): a deformable convolution whose offsets repeat the centre's
    for all kh kw taps, one offset group per temporal tap (and group).

    Arguments and output as :func:`patch_to_point_conv3d`.
    """
    stride, padding, dilation = _check(input, offsets, weight, stride,
                                       padding, dilation)
    taps = _slices(input, stride[0], padding[0])
    tap_offsets = _gather_offsets(offsets, stride[0], padding[0])
    b, _, h, w = taps[1].shape
    kh, kw = weight.shape[-2:]
    out_h, out_w = _output_size(h, w, kh, kw, stride, padding, dilation)
    ys, xs = (_window_centres(*args, tap_offsets) for args in (
        (h, out_h, kh, stride[1], padding[1], dilation[1]),
        (w, out_w, kw, stride[2], padding[2], dilation[2])))
    grid = torch.stack(torch.broadcast_tensors(xs, ys[:, None]), -1)
    centre_offsets = F.grid_sample(
        tap_offsets.flatten(0, 1),
        grid.expand(2 * b, -1, -1, -1),
        align_corners=False).unflatten(0, (b, 2))
    # (B, 3 taps, 2, H', W'), zero offsets on F_t; then one offset group
    # per (group, tap), each repeating the centre's offset for all taps
    centre_offsets = torch.stack([
        centre_offsets[:, 0],
        torch.zeros_like(centre_offsets[:, 0]), centre_offsets[:, 1]
    ], 1)
    deform_offsets = centre_offsets[:, None, :, None].expand(
        b, groups, 3, kh * kw, 2, out_h, out_w).reshape(b, -1, out_h, out_w)
    output = deform_conv2d(
        _fold_input(taps, groups), deform_offsets, _fold_weight(weight), bias,
        stride[1:], padding[1:], dilation[1:])
    return _unfold_output(output, input.size(0))


def point_to_point_conv3d(input: Tensor,
                          offsets: Tensor,
                          deform_offsets: Tensor,
                          weight: Tensor,
                          bias: Tensor = None,
                          stride=1,
                          padding=0,
                          dilation=1,
                          groups: int = 1) -> Tensor:
    """Point-to-point aligned 3D convolution (Eq. 5.8).

    The neighbouring slices are warped as in :func:`patch_to_point_conv3d`;
    then a deformable convolution samples the three slices at the regular
    grid plus ``deform_offsets`` (Delta_t, the same for all three), so a
    tap displaced by Delta_t on F_t reads F_{t+dt} where the offset field
    tracks that point.

    Args:
        deform_offsets (Tensor): (N, 2 kh kw, T', H', W'), per output frame
            and position the (dy, dx) of each kernel tap in row-major order
            (torchvision's ``deform_conv2d`` layout).
        others: as :func:`patch_to_point_conv3d`.
    """
    stride, padding, dilation = _check(input, offsets, weight, stride,
                                       padding, dilation)
    taps = _aligned_taps(input, offsets, stride[0], padding[0])
    b, _, h, w = taps[1].shape
    kh, kw = weight.shape[-2:]
    out_h, out_w = _output_size(h, w, kh, kw, stride, padding, dilation)
    expected = (input.size(0), 2 * kh * kw, b // input.size(0), out_h, out_w)
    if deform_offsets.shape != expected:
        raise ValueError(f'deform_offsets must be (N, 2 kh kw, T\', H\', '
                         f'W\') = {expected}, got '
                         f'{tuple(deform_offsets.shape)}')
    output = deform_conv2d(
        _fold_input(taps, groups),
        deform_offsets.permute(2, 0, 1, 3, 4).flatten(0, 1),
        _fold_weight(weight),
        bias, stride[1:], padding[1:], dilation[1:])
    return _unfold_output(output, input.size(0))


def _transposed_copy(x: Tensor, channels_last: bool) -> Tensor:
    """Copy of a contiguous (``channels_last=False``: channels-first)
    (N, C, T, H, W) tensor in the other layout, as one (C, T H W) <-> (T H
    W, C) transpose per sample: ATen copies 2-D transposes in cache
    blocks, twice as fast on a CPU as the strided copy of a 5-D
    permutation."""
    n, c = x.shape[:2]
    out = torch.empty_like(
        x,
        memory_format=torch.contiguous_format
        if channels_last else torch.channels_last_3d)
    last, first = (x, out) if channels_last else (out, x)
    for rows, sample in zip(
            last.permute(0, 2, 3, 4, 1).view(n, -1, c),
            first.view(n, c, -1)):
        if channels_last:
            sample.copy_(rows.t())
        else:
            rows.copy_(sample.t())
    return out


class _ChangeLayout(torch.autograd.Function):
    """A contiguous (N, C, T, H, W) tensor in the other layout
    (channels-first <-> channels-last 3-D), the gradient back in the
    input's, by :func:`_transposed_copy`."""

    @staticmethod
    def forward(ctx, x: Tensor) -> Tensor:
        ctx.channels_last = x.is_contiguous(
            memory_format=torch.channels_last_3d)
        return _transposed_copy(x, ctx.channels_last)

    @staticmethod
    @once_differentiable
    def backward(ctx, grad: Tensor) -> Tensor:
        layout = (
            torch.channels_last_3d
            if ctx.channels_last else torch.contiguous_format)
        if grad.is_contiguous(memory_format=layout):
            return grad
        if grad.is_contiguous(memory_format=torch.channels_last_3d
                              if not ctx.channels_last else
                              torch.contiguous_format):
            return _transposed_copy(grad, not ctx.channels_last)
        return grad.contiguous(memory_format=layout)


def _is_channels_first(x: Tensor) -> bool:
    return x.is_contiguous() and not x.is_contiguous(
        memory_format=torch.channels_last_3d)


def channels_last_3d(x: Tensor) -> Tensor:
    """``x`` as a channels-last 3-D tensor (a copy unless it is one)."""
    if _is_channels_first(x):
        return _ChangeLayout.apply(x)
    return x.contiguous(memory_format=torch.channels_last_3d)


@MODELS.register_module()
class BaseAlignedConv3d(nn.Conv3d):
    """An ``nn.Conv3d`` (temporal kernel 3) whose neighbouring slices are
    aligned by the output of its child module ``offsets`` (the offset
    generator, (N, C, T, H, W) -> (N, 2, 2, T, H, W)). Patch-to-point
    (Eq. 5.5) unless a subclass overrides :meth:`aligned_conv`.

    ``weight`` and ``bias`` are those of ``nn.Conv3d`` (same names and
    shapes), so the layer is a drop-in replacement and loads a vanilla
    ``nn.Conv3d`` state dict, strictly: when none of the keys of the
    offsets' modules is in the state dict (a vanilla checkpoint), they keep
    their values (the zero initialisation of a new layer, which then equals
    the vanilla convolution); when some are present, missing ones are
    reported as usual.

    Args:
        in_channels, out_channels, kernel_size, stride, padding, dilation,
        groups, bias: as ``nn.Conv3d``, with ``kernel_size[0] == 3`` and
            temporal dilation 1; padding with zeros.
        offsets (nn.Module): the offset generator.
    """

    def __init__(self,
                 in_channels: int,
                 out_channels: int,
                 kernel_size,
                 stride=1,
                 padding=0,
                 dilation=1,
                 groups: int = 1,
                 bias: bool = True,
                 *,
                 offsets: nn.Module):
        super().__init__(in_channels, out_channels, kernel_size, stride,
                         padding, dilation, groups, bias)
        if (self.kernel_size[0] != 3 or self.dilation[0] != 1
                or isinstance(self.padding, str)):
            raise ValueError(
                f'{type(self).__name__} needs a temporal kernel of 3, '
                'temporal dilation 1 and numeric padding, got kernel_size='
                f'{self.kernel_size}, dilation={self.dilation}, '
                f'padding={self.padding!r}')
        self.offsets = offsets

    def forward(self, x: Tensor) -> Tensor:
        # one channels-last copy, read by the offsets' convolutions and by
        # the aligned convolution's slices (rows of channels)
        rows = channels_last_3d(x)
        out = self.aligned_conv(rows, self.offsets(rows))
        if x.is_contiguous() and not out.is_contiguous():
            # the output in the input's layout, as nn.Conv3d's: the layers
            # after it run channels-first (the tiny R3D-18's training
            # step is 8 % slower when they get the channels-last output)
            return (_ChangeLayout.apply(out) if out.is_contiguous(
                memory_format=torch.channels_last_3d) else out.contiguous())
        return out

    def aligned_conv(self, x: Tensor, offsets: Tensor) -> Tensor:
        """The aligned convolution of ``x`` with explicit ``offsets``."""
        return patch_to_point_conv3d(x, offsets, self.weight, self.bias,
                                     self.stride, self.padding,
                                     self.dilation, self.groups)

    def _load_from_state_dict(self, state_dict, prefix, *args, **kwargs):
        own = {prefix + name for name in self._parameters}
        aligned = {
            key: value
            for key, value in self.state_dict(prefix=prefix).items()
            if key not in own
        }
        if prefix + 'weight' in state_dict and not aligned.keys(
        ) & state_dict.keys():
            # a vanilla nn.Conv3d checkpoint: the children keep their values
            # (the loaders copy state_dict and hand our additions to them)
            state_dict.update(aligned)
        super()._load_from_state_dict(state_dict, prefix, *args, **kwargs)


@MODELS.register_module(name=['AlignedConv3d', 'PatchToPointAlignedConv3d'])
class AlignedConv3d(BaseAlignedConv3d):
    """Patch-to-point aligned 3D convolution (Eq. 5.5) with learned offsets;
    registered as ``AlignedConv3d`` and ``PatchToPointAlignedConv3d``.

    Use it as ``nn.Conv3d``, or from a config through mmcv::

        build_conv_layer(dict(type='AlignedConv3d',
                              offsets=dict(type='CorrelationOffsets',
                                           max_displacement=2)),
                         64, 64, (3, 3, 3), stride=1, padding=1, bias=False)

    The offset generator is the child ``offsets`` (built from the config
    with ``in_channels`` filled in); its forward output, of shape
    (N, 2, 2, T, H, W), is what a forward hook on ``layer.offsets`` sees.

    Args:
        in_channels, out_channels, kernel_size, stride, padding, dilation,
        groups, bias: as ``nn.Conv3d`` (``kernel_size[0] == 3``).
        offsets (dict): config of a registered offset generator
            (``CorrelationOffsets``, ``ConcatOffsets``). Defaults to
            ``dict(type='CorrelationOffsets')``.
    """

    def __init__(self,
                 in_channels: int,
                 out_channels: int,
                 kernel_size,
                 stride=1,
                 padding=0,
                 dilation=1,
                 groups: int = 1,
                 bias: bool = True,
                 offsets: dict = dict(type='CorrelationOffsets')):
        super().__init__(
            in_channels,
            out_channels,
            kernel_size,
            stride,
            padding,
            dilation,
            groups,
            bias,
            offsets=MODELS.build(
                offsets, default_args=dict(in_channels=in_channels)))


@MODELS.register_module()
class PatchToPatchAlignedConv3d(AlignedConv3d):
    """Patch-to-patch aligned 3D convolution (Eq. 5.4): every tap of a
    window is displaced by the offset at its centre. Arguments as
    :class:`AlignedConv3d`."""

    def aligned_conv(self, x: Tensor, offsets: Tensor) -> Tensor:
        return patch_to_patch_conv3d(x, offsets, self.weight, self.bias,
                                     self.stride, self.padding,
                                     self.dilation, self.groups)


@MODELS.register_module()
class PointToPointAlignedConv3d(AlignedConv3d):
    """Point-to-point aligned 3D convolution (Eq. 5.8).

    Adds the child ``deform_offsets``, a zero-initialised 2-D convolution
    of F_t (kernel, stride, padding and dilation of the layer's spatial
    ones) to the deformable sampling locations Delta_t, (T' N, 2 kh kw, H',
    W') per output frame. Arguments as :class:`AlignedConv3d`.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kh, kw = self.kernel_size[1:]
        self.deform_offsets = nn.Conv2d(
            self.in_channels,
            2 * kh * kw,
            self.kernel_size[1:],
            stride=self.stride[1:],
            padding=self.padding[1:],
            dilation=self.dilation[1:])
        nn.init.zeros_(self.deform_offsets.weight)
        nn.init.zeros_(self.deform_offsets.bias)

    def aligned_conv(self, x: Tensor, offsets: Tensor) -> Tensor:
        centres = _slices(x, self.stride[0], self.padding[0])[1]
        # (T' N, 2 kh kw, H', W') -> (N, 2 kh kw, T', H', W')
        deform_offsets = self.deform_offsets(centres).unflatten(
            0, (-1, x.size(0))).permute(1, 2, 0, 3, 4)
        return point_to_point_conv3d(
            x, offsets, deform_offsets, self.weight, self.bias, self.stride,
            self.padding, self.dilation, self.groups)
