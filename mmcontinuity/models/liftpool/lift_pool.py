"""LiftDownPool and LiftUpPool (thesis Sec. 3.2, Fig. 3.2, App. A).

Thin modules over the functional lifting step of
:mod:`mmcontinuity.ops.lifting`; registered in MMEngine's root ``MODELS``,
so the ``MODELS`` of mmpretrain, mmseg, mmdet and mmaction2 (and mmcv's
``build_upsample_layer``) build them from ``dict(type='LiftDownPool2d',
in_channels=64)``.

Sub-bands of the 2-D layer, by construction: a horizontal lifting step (along
W) gives ``s`` (low-pass along W) and ``d`` (high-pass along W); a vertical
step (along H) splits each of them. The first letter names the horizontal
filter, the second the vertical one::

    LL = low W,  low H   (approximation)       = vertical s of s
    LH = low W,  high H  (horizontal structures) = vertical d of s
    HL = high W, low H   (vertical structures)   = vertical s of d
    HH = high W, high H  (diagonal structures)   = vertical d of d

This follows the construction of Sec. 3.2.1 ("s is further decomposed into
LL and LH, d into HL and HH") and the caption of Fig. 3.3 ("LH, HL and HH
... along horizontal, vertical and diagonal directions"); the parenthesis of
Sec. 3.2.1 that calls LH "low frequency in the vertical direction" describes
the sub-band of ``d`` instead and is not followed. The rows LL / LH / HL / HH
of Table 3.1 are these sub-bands. With the fixed CDF 5/3 filters they are,
up to scale, PyWavelets' ``dwt2`` bands ``cA`` / ``cH`` / ``cV`` / ``cD``
(``LL = cA / 2``, ``LH = -cH``, ``HL = -cV``, ``HH = 2 cD``).
"""
from abc import ABCMeta, abstractmethod
from collections import namedtuple
from typing import Sequence

import torch
import torch.nn as nn
from mmengine.registry import MODELS
from torch import Tensor

from mmcontinuity.ops.lifting import (cdf53_kernel2d, cdf53_pool2d,
                                      cdf53_predict, cdf53_update,
                                      learned_lift_down, lift_down, lift_up,
                                      lifting_filter)

LiftBands1d = namedtuple('LiftBands1d', ['l', 'h', 'size'])
LiftBands1d.__doc__ = """Sub-bands of :class:`LiftDownPool1d`: ``l`` (the
approximation ``s``) and ``h`` (the details ``d``), each ``(N, C,
ceil(L / 2))``, and ``size``, the input length ``L``."""

LiftBands = namedtuple('LiftBands', ['ll', 'lh', 'hl', 'hh', 'size'])
LiftBands.__doc__ = """Sub-bands of :class:`LiftDownPool2d`, each ``(N, C,
ceil(H / 2), ceil(W / 2))``, and ``size``, the input's ``(H, W)``."""


@MODELS.register_module()
class LiftingFilter(nn.Module):
    """The learned predictor ``P`` or updater ``U`` of Eq. 3.4-3.5::

        Tanh o Conv(k=1, g=C) o ReLU o Conv(k=K, g=G1)

    as 1-D convolutions without bias, applied along one spatial dim of a
    ``(N, C, *spatial)`` tensor. Parameters: ``C / G1 * C * K + C`` (the
    thesis's ``C/G1 x C x K + G2`` with ``G2 = C``, the depthwise 1x1).

    Args:
        channels (int): C.
        kernel_size (int): K. Default: 5.
        groups (int): G1, dividing C. Default: 2 (see
            :class:`LiftDownPool2d`).
    """

    def __init__(self, channels: int, kernel_size: int = 5, groups: int = 2):
        super().__init__()
        if channels % groups:
            raise ValueError(f'P and U need channels divisible by groups '
                             f'(G1), got {channels} channels, {groups} '
                             'groups')
        self.groups = groups
        self.conv = nn.Conv1d(
            channels, channels, kernel_size, groups=groups, bias=False)
        self.channel_conv = nn.Conv1d(
            channels, channels, 1, groups=channels, bias=False)

    @property
    def weights(self) -> tuple:
        """``(weight, channel_weight)`` as :func:`lifting_filter` takes
        them: ``(C, C / G1, K)`` and ``(C, )``."""
        return self.conv.weight, self.channel_conv.weight.flatten()

    def forward(self, x: Tensor, dim: int) -> Tensor:
        return lifting_filter(x, *self.weights, dim, self.groups)


def _check_sub_bands(sub_bands: Sequence[str], names: tuple) -> tuple:
    sub_bands = tuple(sub_bands)
    if not sub_bands or not set(sub_bands) <= set(names) \
            or len(set(sub_bands)) != len(sub_bands):
        raise ValueError(f'sub_bands must be a non-empty subset of {names} '
                         f'without repeats, got {sub_bands}')
    return sub_bands


class _LiftDownPoolNd(nn.Module, metaclass=ABCMeta):
    """Common part of the LiftDownPool layers: predict/update with the
    learned filters, the sum of the selected sub-bands as output, and the
    regularisers of the last training forward.

    ``costs`` holds ``(c_u, c_p)`` of the last forward in training mode, each
    summed over the layer's 1-D lifting steps (one in 1-D, three in 2-D) of
    the per-step mean squares of Eq. 3.6-3.7 (see
    :func:`~mmcontinuity.ops.lifting.lifting_costs`);
    :func:`~mmcontinuity.models.liftpool.losses.lifting_losses` collects
    them.
    """
    band_names: tuple
    #: the sub-bands in the order of :meth:`stacked_bands`
    stacked_names: tuple
    spatial_dims: int

    def __init__(self, in_channels: int, sub_bands: Sequence[str],
                 predictor: nn.Module, updater: nn.Module):
        super().__init__()
        self.in_channels = in_channels
        self.sub_bands = _check_sub_bands(sub_bands, self.band_names)
        self.predictor = predictor
        self.updater = updater
        self.costs = None

    def predict(self, x_e: Tensor, dim: int) -> Tensor:
        """``P(x_e)`` along ``dim``."""
        return self.predictor(x_e, dim)

    def update(self, d: Tensor, dim: int) -> Tensor:
        """``U(d)`` along ``dim``."""
        return self.updater(d, dim)

    def lift(self, x: Tensor, dim: int) -> tuple:
        """One lifting step along ``dim`` with the learned ``P``, ``U``:
        ``s`` and ``d`` stacked, ``(2, N, C, *spatial')``, and in training
        mode ``(c_u, c_p)`` (else None), as one autograd function
        (:func:`~mmcontinuity.ops.lifting.learned_lift_down`)."""
        out = learned_lift_down(x, self.predictor.weights,
                                self.updater.weights, dim,
                                self.predictor.groups, self.training)
        return out if self.training else (out, None)

    def forward(self, x: Tensor) -> Tensor:
        """The sum of the selected sub-bands, ``(N, C, *ceil(spatial / 2))``.
        """
        bands = self.stacked_bands(x)
        if len(self.sub_bands) < len(self.band_names):
            bands = bands[[self.stacked_names.index(b)
                           for b in self.sub_bands]]
        return bands.sum(0)

    @abstractmethod
    def decompose(self, x: Tensor) -> tuple:
        """All sub-bands of ``x``, as the paired up layer needs them
        (:class:`LiftBands` in 2-D)."""

    @abstractmethod
    def stacked_bands(self, x: Tensor) -> Tensor:
        """All sub-bands of ``x`` stacked, ``(num_bands, N, C, *ceil(spatial
        / 2))`` in the order of ``stacked_names``; records the costs in
        training mode."""

    def _check_input(self, x: Tensor) -> None:
        if x.dim() != self.spatial_dims + 2 or x.size(1) != self.in_channels:
            raise ValueError(
                f'{type(self).__name__} with in_channels={self.in_channels} '
                f'expects (N, {self.in_channels}, '
                f'{self.spatial_dims} spatial dims), got {tuple(x.shape)}')

    def _record_costs(self, *steps) -> None:
        """Keep the sums of ``w * c_u`` and ``w * c_p`` over the lifting
        steps ``(w, (c_u, c_p))``; nothing where a step has no costs."""
        if all(costs is not None for _, costs in steps):
            self.costs = (sum(w * c[0] for w, c in steps),
                          sum(w * c[1] for w, c in steps))

    def __getstate__(self) -> dict:
        """Copies and pickles leave out the costs: they belong to the graph
        of one forward (and deepcopy refuses non-leaf tensors)."""
        return dict(self.__dict__, costs=None)

    def extra_repr(self) -> str:
        return f'in_channels={self.in_channels}, sub_bands={self.sub_bands}'


@MODELS.register_module()
class LiftDownPool1d(_LiftDownPoolNd):
    """LiftDownPool-1D (Fig. 3.2a): ``x -> (s, d)`` by one lifting step
    (Eq. 3.1-3.3) with learned ``P``, ``U`` (:class:`LiftingFilter`).

    Parameters: ``2 * (C / G1 * C * K + C)``.

    Args:
        in_channels (int): C.
        kernel_size (int): K of ``P`` and ``U``. Default: 5.
        groups (int): G1, dividing C. Default: 2 (see
            :class:`LiftDownPool2d`).
        sub_bands (Sequence[str]): summed into the output, a subset of
            ``('L', 'H')``. Default: both.

    Shape:
        ``(N, C, L) -> (N, C, ceil(L / 2))``.
    """
    band_names = stacked_names = ('L', 'H')
    spatial_dims = 1

    def __init__(self,
                 in_channels: int,
                 kernel_size: int = 5,
                 groups: int = 2,
                 sub_bands: Sequence[str] = ('L', 'H')):
        super().__init__(in_channels, sub_bands,
                         LiftingFilter(in_channels, kernel_size, groups),
                         LiftingFilter(in_channels, kernel_size, groups))

    def stacked_bands(self, x: Tensor) -> Tensor:
        """``s`` and ``d`` stacked, ``(2, N, C, ceil(L / 2))``."""
        self._check_input(x)
        sd, costs = self.lift(x, -1)
        self._record_costs((1, costs))
        return sd

    def decompose(self, x: Tensor) -> LiftBands1d:
        """All sub-bands, as the paired :class:`LiftUpPool1d` needs them."""
        return LiftBands1d(*self.stacked_bands(x), x.size(-1))


@MODELS.register_module()
class LiftDownPool2d(_LiftDownPoolNd):
    """LiftDownPool-2D: a lifting step along W, then one along H on both of
    its outputs, with the same learned ``P``, ``U`` in the three steps; gives
    LL, LH, HL, HH (see the module docstring) and outputs the sum of the
    selected ones (Table 3.1; App. A: all four by default).

    Parameters: ``2 * (C / G1 * C * K + C)`` (Sec. 3.4.2), e.g. 20 608 for
    C = 64, K = 5, G1 = 2.

    The default G1 = 2 is the one the thesis's count points to: Sec. 3.4.2
    gives ``C/G1 x C x K + G2`` per P or U and 25.58 M for ResNet-50 with
    LiftDownPool (in place of the stem max-pooling, C = 64, K = 5, on
    25 557 032 parameters). G1 = 2 gives 25 557 032 + 2 (64 * 64 * 5 / 2 +
    64) = 25 577 640 = 25.58 M; G1 = 1 gives 25 598 120 = 25.60 M, G1 = 4
    25.57 M. (G1 = 1 reaches 25.58 M only by counting one of P, U.)

    Args:
        in_channels (int): C.
        kernel_size (int): K of ``P`` and ``U`` (Table 3.2). Default: 5.
        groups (int): G1, dividing C. Default: 2.
        sub_bands (Sequence[str]): summed into the output, a subset of
            ``('LL', 'LH', 'HL', 'HH')``. Default: all four.

    Shape:
        ``(N, C, H, W) -> (N, C, ceil(H / 2), ceil(W / 2))``.
    """
    band_names = ('LL', 'LH', 'HL', 'HH')
    # the vertical step of s and d stacked gives (low, high) x (s, d)
    stacked_names = ('LL', 'HL', 'LH', 'HH')
    spatial_dims = 2

    def __init__(self,
                 in_channels: int,
                 kernel_size: int = 5,
                 groups: int = 2,
                 sub_bands: Sequence[str] = ('LL', 'LH', 'HL', 'HH')):
        super().__init__(in_channels, sub_bands,
                         LiftingFilter(in_channels, kernel_size, groups),
                         LiftingFilter(in_channels, kernel_size, groups))

    def stacked_bands(self, x: Tensor) -> Tensor:
        """LL, HL, LH, HH stacked, ``(4, N, C, ceil(H / 2), ceil(W / 2))``.

        The two vertical steps run as one on ``s`` and ``d`` stacked along
        the batch.
        """
        self._check_input(x)
        sd, costs_w = self.lift(x, -1)
        bands, costs_h = self.lift(sd.flatten(0, 1), -2)
        # the stacked step's mean squares average its two steps
        self._record_costs((1, costs_w), (2, costs_h))
        return bands.flatten(0, 1).unflatten(0, (4, -1))

    def decompose(self, x: Tensor) -> LiftBands:
        """All sub-bands, as the paired :class:`LiftUpPool2d` needs them."""
        ll, hl, lh, hh = self.stacked_bands(x)
        return LiftBands(ll, lh, hl, hh, tuple(x.shape[-2:]))


class _CDF53Filter(nn.Module):
    """A fixed CDF 5/3 lifting filter (no parameters)."""

    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def forward(self, x: Tensor, dim: int) -> Tensor:
        return self.fn(x, dim)

    def extra_repr(self) -> str:
        return self.fn.__name__


class _CDF53LiftMixin:
    """The lifting step of the CDF 5/3 layers: :func:`lift_down` with the
    fixed filters; no costs (no filters to learn, the costs would only act
    on the layers before)."""

    def lift(self, x: Tensor, dim: int) -> tuple:
        return torch.stack(lift_down(x, self.predict, self.update, dim)), None


@MODELS.register_module()
class CDF53LiftDownPool1d(_CDF53LiftMixin, LiftDownPool1d):
    """:class:`LiftDownPool1d` with the classical CDF 5/3 lifting filters of
    Eq. A.1-A.2 (periodic boundary) instead of learned ones: no parameters,
    no regularisers.

    ``s`` and ``d`` are PyWavelets' periodised ``bior2.2`` DWT up to scale:
    ``s = cA / sqrt(2)``, ``d = -sqrt(2) cD``; details vanish on a linear
    ramp away from the wrap-around.
    """

    def __init__(self, in_channels: int, sub_bands: Sequence[str] = ('L',
                                                                     'H')):
        # the common constructor, without LiftDownPool1d's learned filters
        _LiftDownPoolNd.__init__(self, in_channels, sub_bands,
                                 _CDF53Filter(cdf53_predict),
                                 _CDF53Filter(cdf53_update))


@MODELS.register_module()
class CDF53LiftDownPool2d(_CDF53LiftMixin, LiftDownPool2d):
    """:class:`LiftDownPool2d` with the classical CDF 5/3 lifting filters of
    Eq. A.1-A.2 (periodic boundary) instead of learned ones: the separable
    CDF 5/3 wavelet transform; no parameters, no regularisers."""

    def __init__(self,
                 in_channels: int,
                 sub_bands: Sequence[str] = ('LL', 'LH', 'HL', 'HH')):
        # the common constructor, without LiftDownPool2d's learned filters
        _LiftDownPoolNd.__init__(self, in_channels, sub_bands,
                                 _CDF53Filter(cdf53_predict),
                                 _CDF53Filter(cdf53_update))
        self.register_buffer(
            'kernel', cdf53_kernel2d(self.sub_bands).float(), False)

    def forward(self, x: Tensor) -> Tensor:
        """The sum of the selected sub-bands as one depthwise stride-2
        convolution (the steps are linear): what the base class computes, in
        fewer passes over memory."""
        self._check_input(x)
        return cdf53_pool2d(x, self.kernel)


class _LiftUpPoolNd(nn.Module):
    """Common part of the LiftUpPool layers: the explicit pairing.

    The paired down layer is referenced, not registered as a sub-module: its
    ``P`` and ``U`` are used, trained and saved where it lives (it must be
    part of the same model), never duplicated in this layer's state dict.
    """
    down_type: type

    def __init__(self, down: _LiftDownPoolNd):
        if not isinstance(down, self.down_type):
            raise TypeError(f'{type(self).__name__} pairs with a '
                            f'{self.down_type.__name__}, got '
                            f'{type(down).__name__}')
        super().__init__()
        self._down = (down, )

    @property
    def down(self) -> _LiftDownPoolNd:
        """The paired down layer."""
        return self._down[0]

    def extra_repr(self) -> str:
        return f'down={type(self.down).__name__}({self.down.extra_repr()})'


@MODELS.register_module()
class LiftUpPool1d(_LiftUpPoolNd):
    """LiftUpPool-1D (Fig. 3.2b): the inverse lifting step (Eq. 3.9-3.12) of
    a paired :class:`LiftDownPool1d`.

    Args:
        down (LiftDownPool1d): the layer whose ``P``, ``U`` are inverted.
    """
    down_type = LiftDownPool1d

    def forward(self, low: Tensor, bands: LiftBands1d) -> Tensor:
        """``(N, C, ceil(L / 2)) -> (N, C, L)`` with ``low`` in place of
        ``bands.l``; ``up(bands.l, bands)`` is the down layer's input."""
        if low.shape != bands.h.shape:
            raise ValueError(f'low band {tuple(low.shape)} and recorded high '
                             f'band {tuple(bands.h.shape)} differ in shape')
        down = self.down
        return lift_up(low, bands.h, down.predict, down.update, -1,
                       bands.size)


@MODELS.register_module()
class LiftUpPool2d(_LiftUpPoolNd):
    """LiftUpPool-2D: the inverse of a paired :class:`LiftDownPool2d`, the
    two vertical steps (stacked along the batch), then the horizontal one.

    Args:
        down (LiftDownPool2d): the layer whose ``P``, ``U`` are inverted.
    """
    down_type = LiftDownPool2d

    def forward(self, ll: Tensor, bands: LiftBands) -> Tensor:
        """``(N, C, ceil(H / 2), ceil(W / 2)) -> (N, C, H, W)`` with ``ll``
        in place of ``bands.ll`` (the decoder's features in SegNet);
        ``up(bands.ll, bands)`` is the down layer's input."""
        if ll.shape != bands.lh.shape:
            raise ValueError(f'LL {tuple(ll.shape)} and recorded LH '
                             f'{tuple(bands.lh.shape)} differ in shape')
        down = self.down
        height, width = bands.size
        sd = lift_up(
            torch.cat([ll, bands.hl]), torch.cat([bands.lh, bands.hh]),
            down.predict, down.update, -2, height)
        return lift_up(*sd.chunk(2), down.predict, down.update, -1, width)
