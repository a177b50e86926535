"""Offset generators of the aligned 3D convolution (Sec. 5.3.1, Table 5.1).

An offset generator maps features F of shape (N, C, T, H, W) to the offsets
between every slice F_t and its neighbours F_{t-1}, F_{t+1}:

    offsets: (N, 2, 2, T, H, W)
        dim 1: direction, 0 = backward Delta_{t,t-1}, 1 = forward
               Delta_{t,t+1} (the order of the temporal taps -1, +1);
        dim 2: (dy, dx), the displacement along H and along W in pixels of
               F (the thesis' x is our H axis, its y our W axis).

``F_{t+dt}(i + dy, j + dx)`` is the point of the neighbouring slice that
matches ``F_t(i, j)``. Offsets towards a slice outside the clip (backward at
t = 0, forward at t = T - 1) are zero. The last layer of every generator is
zero-initialised, so a new aligned convolution starts as the vanilla one.
Generators are registered in MMEngine's root ``MODELS`` and built by the
aligned convolution with its ``in_channels``; their forward output is the
offset tensor, so a forward hook on ``conv.offsets`` sees it (dual learning,
visualisation).
"""
from typing import Optional

import torch
import torch.nn.functional as F
from mmengine.registry import MODELS
from torch import Tensor, nn

from mmcontinuity.ops.correlation import (local_correlation,
                                          reverse_correlation)


def _zero_conv(in_channels: int, out_channels: int,
               kernel_size: int) -> nn.Conv2d:
    """A 'same'-padded 2-D convolution with zero weights and bias."""
    conv = nn.Conv2d(
        in_channels, out_channels, kernel_size, padding=kernel_size // 2)
    nn.init.zeros_(conv.weight)
    nn.init.zeros_(conv.bias)
    return conv


def _check_features(x: Tensor, in_channels: int, name: str):
    if x.dim() != 5 or x.size(1) != in_channels:
        raise ValueError(f'{name} expects (N, {in_channels}, T, H, W) '
                         f'features, got {tuple(x.shape)}')


@MODELS.register_module()
class ConcatOffsets(nn.Module):
    """Offsets from the concatenated slices (Fig. 5.3 "concat").

    ``[F_{t-1}, F_t, F_{t+1}]`` (3C channels, zeros beyond the clip) goes
    through one 2-D convolution that outputs the backward and the forward
    offsets (4 channels) at once.

    Args:
        in_channels (int): C, the channels of the features.
        kernel_size (int): odd size of the convolution. Defaults to 3.
    """

    def __init__(self, in_channels: int, kernel_size: int = 3):
        super().__init__()
        self.in_channels = in_channels
        self.conv = _zero_conv(3 * in_channels, 4, kernel_size)

    def forward(self, x: Tensor) -> Tensor:
        """(N, C, T, H, W) features -> (N, 2, 2, T, H, W) offsets."""
        _check_features(x, self.in_channels, type(self).__name__)
        n, c, t, h, w = x.shape
        padded = F.pad(x, (0, 0, 0, 0, 1, 1))
        # (N, T, 3C, H, W): channels [F_{t-1}, F_t, F_{t+1}]
        triplets = torch.cat(
            [padded[:, :, k:k + t] for k in range(3)], 1).transpose(1, 2)
        offsets = self.conv(triplets.reshape(n * t, 3 * c, h, w))
        offsets = offsets.view(n, t, 2, 2, h, w).permute(0, 2, 3, 1, 4, 5)
        valid = torch.ones(2, t, dtype=x.dtype, device=x.device)
        valid[0, 0] = valid[1, -1] = 0
        return offsets * valid.view(1, 2, 1, t, 1, 1)


@MODELS.register_module()
class CorrelationOffsets(nn.Module):
    """Offsets from local correlation features (Eq. 5.1, Table 5.1 (b)).

    The features are first embedded, ``E = W_e * F`` (a convolution with
    kernel and stride ``s`` in space, 1 in time, to ``feat_channels``
    channels: (N, C, T, H, W) -> (N, C_e, T, H / s, W / s)). For each
    direction, ``[corr(E_t, E_{t+dt}), E_t]`` ((2d + 1)^2 + C_e channels)
    goes through a 2-D convolution to Delta_{t,t+dt} (2 channels) at 1 / s
    of the resolution, which is up-sampled bilinearly to H x W and
    multiplied by s (a displacement of one embedded pixel is s pixels of
    F). The convolution is shared by the two directions (the map from
    matching scores to a displacement does not depend on the direction).

    Our design choice, not the thesis' (which correlates F itself at full
    resolution): with C_e = C / 4 and s = 2 the correlation costs 1 / 16 of
    the full one, which is what brings the patch-to-point layer near the
    cost of the plain 3D convolution (``configs/aligned3d/README.md``,
    Speed); the offset field is smooth at the scale of s pixels.
    ``feat_channels=in_channels, stride=1`` is the thesis' variant up to
    the learned embedding. Cost: the correlation is computed once per pair
    of slices (the backward one is the forward one reversed,
    ``reverse_correlation``) and the part of the convolution that reads
    E_t once per slice.

    Args:
        in_channels (int): C, the channels of the features.
        max_displacement (int): d of Eq. 5.1, in embedded pixels. The
            window [-d, d] bounds the displacement the correlation can see
            to d s pixels of F. Defaults to 2: in the recommended layer,
            res2 of R3D-18 (Table C.1: 8 x 28 x 28 for a 16 x 112 x 112
            clip, spatial stride 4), with s = 2 it covers up to 16 input
            pixels between two of its slices (the benchmark's fast actions
            move 6-10 pixels a frame; 1.7-2.9 res2 pixels between two
            res2 slices of the tiny models' 64 x 64 clips).
        feat_channels (int, optional): C_e. Defaults to ``in_channels //
            4`` (at least 1).
        stride (int): s. Defaults to 2.
        kernel_size (int): odd size of the offset convolution. Defaults to
            3.
    """

    def __init__(self,
                 in_channels: int,
                 max_displacement: int = 2,
                 feat_channels: Optional[int] = None,
                 stride: int = 2,
                 kernel_size: int = 3):
        super().__init__()
        self.in_channels = in_channels
        self.max_displacement = max_displacement
        self.stride = stride
        feat_channels = feat_channels or max(in_channels // 4, 1)
        self.embed = nn.Conv3d(
            in_channels,
            feat_channels, (1, stride, stride),
            stride=(1, stride, stride))
        self.conv = _zero_conv((2 * max_displacement + 1)**2 + feat_channels,
                               2, kernel_size)

    def forward(self, x: Tensor) -> Tensor:
        """(N, C, T, H, W) features -> (N, 2, 2, T, H, W) offsets."""
        _check_features(x, self.in_channels, type(self).__name__)
        n, _, t, height, width = x.shape
        if t == 1:
            return x.new_zeros(n, 2, 2, 1, height, width)
        if height < self.stride or width < self.stride:
            raise ValueError(f'{type(self).__name__}: features of '
                             f'{height} x {width} are smaller than the '
                             f'stride {self.stride}')
        d = self.max_displacement
        embedded = self.embed(x)
        c, h, w = embedded.shape[1], *embedded.shape[-2:]
        frames = embedded.transpose(1, 2)
        # forward pairs (E_t, E_{t+1}), t <= T - 2; the backward pairs
        # (E_{t+1}, E_t) reuse their correlation
        forward = local_correlation(frames[:, :-1].reshape(-1, c, h, w),
                                    frames[:, 1:].reshape(-1, c, h, w), d)
        corr = torch.cat([reverse_correlation(forward, d), forward])
        # the convolution of [corr, E_t], split in its two input parts so
        # that the E_t part runs once per slice for both directions
        weight = self.conv.weight
        num_corr = corr.size(1)
        of_corr = F.conv2d(corr, weight[:, :num_corr], self.conv.bias,
                           padding=self.conv.padding)
        of_frames = F.conv2d(
            frames.reshape(-1, c, h, w), weight[:, num_corr:],
            padding=self.conv.padding).view(n, t, 2, h, w)
        backward, forward = of_corr.view(2, n, t - 1, 2, h, w).unbind(0)
        offsets = torch.stack([
            F.pad(backward + of_frames[:, 1:], (0, 0, 0, 0, 0, 0, 1, 0)),
            F.pad(forward + of_frames[:, :-1], (0, 0, 0, 0, 0, 0, 0, 1))
        ], 1)
        if (h, w) != (height, width):
            scale = offsets.new_tensor([height / h, width / w])
            offsets = F.interpolate(
                offsets.flatten(0, 2),
                size=(height, width),
                mode='bilinear',
                align_corners=False).view(n, 2, t, 2, height,
                                          width) * scale.view(2, 1, 1)
        return offsets.transpose(2, 3)

    def extra_repr(self) -> str:
        return (f'max_displacement={self.max_displacement}, '
                f'stride={self.stride}')
