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
the input). They batch the output frames: the slices F_{t-1}, F_t,
F_{t+1} of the centre t of every output frame are (T' N, C, H, W) tensors,
channels-last views of one copy of the input. Patch-to-point sums the 2-D
convolutions of the three (two warped) slices with the matching temporal
taps of the kernel; the two deformable modes fold the taps into channels
(one 2-D input of 3 C channels and a (C_out, 3 C/g, kh, kw) kernel) for a
single deformable convolution. Either way Eq. 5.3 costs the FLOPs of the
3D convolution. With zero offsets each equals ``F.conv3d``.
"""
from typing import Sequence, Tuple

import torch
import torch.nn.functional as F
from mmengine.registry import MODELS
from torch import Tensor, nn
from torch.nn.modules.utils import _triple
from torchvision.ops import deform_conv2d


def warp(frames: Tensor, offsets: Tensor) -> Tensor:
    """Bilinearly sample ``frames`` at every position plus its offset.

    Args:
        frames (Tensor): (B, C, H, W).
        offsets (Tensor): (B, 2, H, W), (dy, dx) in pixels.

    Returns:
        Tensor: (B, C, H, W), ``out[..., i, j] = frames[..., i + dy, j +
        dx]`` (zero outside the image).
    """
    _, _, height, width = frames.shape
    ys = torch.arange(height, dtype=offsets.dtype, device=offsets.device)
    xs = torch.arange(width, dtype=offsets.dtype, device=offsets.device)
    # pixel p -> (2 p + 1) / size - 1 (grid_sample, align_corners=False)
    grid = torch.stack([
        (2 * (xs + offsets[:, 1]) + 1) / width - 1,
        (2 * (ys[:, None] + offsets[:, 0]) + 1) / height - 1
    ], -1)
    return F.grid_sample(frames, grid, align_corners=False)


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


class _NeighbourSlices(torch.autograd.Function):
    """F_{t-1}, F_t and F_{t+1} of the centre t of each of the T' output
    frames, each (T' N, C, H, W) (output frame-major; zeros beyond the
    clip): channels-last views of one (T + 2 p, N, H, W, C) copy of the
    input (the layout the CPU convolutions are fastest with), windows of
    one ``unfold``.

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
            if grads[tap] is None:
                continue
            # output frames i whose tap reads input frame i s + tap - p
            first = max(0, -((tap - padding) // stride))
            last = min(num_out - 1,
                       (num_frames - 1 + padding - tap) // stride)
            if first <= last:
                start = first * stride + tap - padding
                per_frame[start:start + stride * (last - first) + 1:
                          stride] += grads[tap].unflatten(
                              0, (num_out, n))[first:last + 1]
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
    convolved as by ``F.conv3d``.

    Args:
        input (Tensor): (N, C, T, H, W).
        offsets (Tensor): (N, 2, 2, T, H, W), see the module docstring.
        weight (Tensor): (C_out, C / groups, 3, kh, kw).
        bias (Tensor, optional): (C_out,).
        stride, padding, dilation (int | tuple): as ``F.conv3d`` (temporal
            dilation 1).
        groups (int): as ``F.conv3d``.

    Returns:
        Tensor: (N, C_out, T', H', W') as ``F.conv3d``.
    """
    stride, padding, dilation = _check(input, offsets, weight, stride,
                                       padding, dilation)
    taps = _aligned_taps(input, offsets, stride[0], padding[0])

    def tap_conv(k: int) -> Tensor:
        return F.conv2d(taps[k], weight[:, :, k], bias if k == 1 else None,
                        stride[1:], padding[1:], dilation[1:], groups)

    # sum over the temporal taps of their 2-D convolutions (no copy of the
    # taps into one 3 C-channel input: about 0.2 x the convolution's time
    # on a CPU, forward + backward), in place into the channels-last
    # output of the centre tap; (o_0 + o_1) + o_2 = (o_1 + o_0) + o_2
    # bitwise
    output = tap_conv(1).add_(tap_conv(0)).add_(tap_conv(2))
    return _unfold_output(output, input.size(0))


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
        return self.aligned_conv(x, self.offsets(x))

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
