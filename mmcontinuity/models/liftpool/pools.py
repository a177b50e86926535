"""The pooling baselines LiftDownPool is compared with (Tables 3.3-3.7) and
the helpers that put any of them into a backbone.

A backbone takes its down-sampling layer as a config (``pool_cfg``) built by
:func:`build_pool_layer` from MMEngine's root ``MODELS``:

=====================  ===================================================
thesis' name           ``pool_cfg``
=====================  ===================================================
MaxPool                ``dict(type='MaxPool2d', kernel_size=2, stride=2)``
AveragePool            ``dict(type='AvgPool2d', kernel_size=2, stride=2)``
Skip                   ``dict(type='Subsample2d')`` (a strided convolution)
BlurPool (Zhang 2019)  ``dict(type='MaxBlurPool2d')``
LiftDownPool           ``dict(type='LiftDownPool2d', kernel_size=5)``
=====================  ===================================================
"""
import inspect

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.registry import MODELS

# torch's pooling layers by their class names, as mmcv registers nn.Conv2d
for _layer in (nn.MaxPool2d, nn.AvgPool2d):
    if _layer.__name__ not in MODELS.module_dict:
        MODELS.register_module(module=_layer)


@MODELS.register_module()
class Subsample2d(nn.Module):
    """Keep every ``stride``-th pixel: ``y[i, j] = x[s i, s j]``.

    Behind a convolution this is the convolution with stride ``s`` (the
    "Skip" baseline of the thesis, after Springenberg et al. 2015), with no
    parameters of its own: (N, C, H, W) -> (N, C, ceil(H/s), ceil(W/s)).
    """

    def __init__(self, stride=2):
        super().__init__()
        self.stride = stride

    def forward(self, x):
        return x[..., ::self.stride, ::self.stride]


def binomial_filter(size):
    """The normalised 2-D binomial filter of ``size`` taps, outer product of
    the row of Pascal's triangle ``[C(size-1, k)]_k`` with itself (Zhang
    2019: size 2 is the box, 3 the triangle [1, 2, 1]), shape (size, size).
    """
    if size < 1:
        raise ValueError(f'a binomial filter needs size >= 1, got {size}')
    row = torch.tensor([1.])
    for _ in range(size - 1):
        row = F.pad(row, (0, 1)) + F.pad(row, (1, 0))
    kernel = row[:, None] * row[None, :]
    return kernel / kernel.sum()


@MODELS.register_module()
class BlurPool2d(nn.Module):
    """Low-pass filter then subsample (Zhang, ICML 2019, "BlurPool"):
    ``y = subsample_s(B * x)`` with the binomial filter ``B`` of
    ``filter_size`` taps applied to every channel, edge-replicating padding
    of ``(f - 1) // 2`` before and ``f // 2`` after (Zhang reflects; a
    replicated edge also pads the 1-pixel maps of VGG's last pooling).

    Shapes: (N, C, H, W) -> (N, C, ceil(H/s), ceil(W/s)); ``stride=1``
    blurs only (used behind a max-unpooling, Table 3.6).

    Args:
        filter_size (int): taps of the binomial filter. Default: 3.
        stride (int): subsampling factor. Default: 2.
    """

    def __init__(self, filter_size=3, stride=2):
        super().__init__()
        self.stride = stride
        self.padding = ((filter_size - 1) // 2, filter_size // 2) * 2
        self.register_buffer(
            'kernel', binomial_filter(filter_size)[None, None],
            persistent=False)

    def forward(self, x):
        n, c, h, w = x.shape
        x = F.pad(x.reshape(n * c, 1, h, w), self.padding, mode='replicate')
        y = F.conv2d(x, self.kernel.to(x.dtype), stride=self.stride)
        return y.reshape(n, c, *y.shape[-2:])


@MODELS.register_module()
class MaxBlurPool2d(BlurPool2d):
    """Anti-aliased max pooling (Zhang 2019, "MaxBlurPool"): a dense max
    ``max_kernel_size`` x ``max_kernel_size`` with stride 1, then
    :class:`BlurPool2d`.

    Shapes: (N, C, H, W) -> (N, C, ceil((H - k + 1) / s), ...) with
    ``k = max_kernel_size``: k = 2 maps 32 -> 16 and 112 -> 56 as max
    pooling 2x2 / 2 and ResNet's 3x3 / 2 (padding 1) do.
    """

    def __init__(self, max_kernel_size=2, filter_size=3, stride=2):
        super().__init__(filter_size, stride)
        self.max_kernel_size = max_kernel_size

    def forward(self, x):
        return super().forward(F.max_pool2d(x, self.max_kernel_size, 1))


@MODELS.register_module()
class ConvPool2d(nn.Conv2d):
    """A strided convolution split into its stride-1 convolution and a
    down-sampling layer: ``y = pool(conv_{s=1}(x))``.

    Its parameters keep the names of the convolution it replaces
    (``weight``, ``bias``; the pool's under ``pool.``), so checkpoints of
    the strided network load. With ``Subsample2d`` as the pool it is the
    strided convolution again.
    """

    def __init__(self, conv, pool):
        super().__init__(conv.in_channels, conv.out_channels,
                         conv.kernel_size, 1, conv.padding, conv.dilation,
                         conv.groups, conv.bias is not None,
                         conv.padding_mode)
        self.pool = pool

    def forward(self, x):
        return self.pool(super().forward(x))


def build_pool_layer(cfg, in_channels):
    """Build a down-sampling layer from ``cfg`` (a root ``MODELS`` type);
    layers whose constructor takes ``in_channels`` (LiftDownPool2d) get the
    channels of their input."""
    cfg = dict(cfg)
    layer_cls = MODELS.get(cfg['type'])
    if layer_cls is None:
        raise KeyError(f'pooling layer {cfg["type"]!r} is not registered in '
                       "MMEngine's root MODELS")
    if 'in_channels' in inspect.signature(layer_cls).parameters:
        cfg.setdefault('in_channels', in_channels)
    return MODELS.build(cfg)


def pool_strided_conv(conv, pool_cfg):
    """The :class:`ConvPool2d` of a strided ``nn.Conv2d`` with the layer of
    ``pool_cfg`` (on the convolution's output channels), weights copied."""
    if tuple(conv.stride) != (2, 2):
        raise ValueError(f'expected a stride-2 convolution, got {conv}')
    layer = ConvPool2d(conv, build_pool_layer(pool_cfg, conv.out_channels))
    layer.load_state_dict(conv.state_dict(), strict=False)
    return layer
