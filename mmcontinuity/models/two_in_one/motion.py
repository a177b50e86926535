"""Motion condition and motion modulation layers of the two-in-one stream
(thesis Sec. 4.3, Eq. 4.3-4.6).

Choices the text leaves open, made here:

- activation: LeakyReLU (slope 0.1) after every convolution but the last
  of each sub-network, as in the spatial feature transform layers the
  method builds on; configurable by ``act_cfg``;
- normalisation: BatchNorm after every convolution but the last of each
  sub-network (``norm_cfg``). Without it the flow does not reach the
  modulated features: the flow is near zero on the static pixels (most of
  a frame), the hidden features that feed the zero-initialised last layers
  are then small and nearly constant (at initialisation, on the
  benchmark's tubelet frames, RMS 0.14 on the actors vs 0.13 elsewhere,
  while the modulated ResNet feature has RMS 2.0 on the actors), and the
  gradient of the last layers and their effect both scale with them: the
  two-in-one stream stayed at its RGB stream's accuracy. Normalising makes
  the hidden features unit-scale functions of the motion pattern
  (configs/two_in_one/README.md, "Why the flow did not reach the RGB
  stream");
- widths: 32 channels in the condition and in both modulation branches
  (the thesis gives none; it reports the total parameter count only, see
  configs/two_in_one/README.md);
- identity at initialisation: the branches predict ``delta_beta`` and
  ``gamma`` and ``beta = 1 + delta_beta``; their last convolutions start at
  zero, so an untrained two-in-one stream computes exactly its RGB stream
  (a pretrained RGB backbone is not disturbed at the start of training);
- resolution: ``beta`` and ``gamma`` reach the resolution of the modulated
  feature by a stride ("we use layer parameter stride to control the size
  of beta and gamma"): the last convolution of the condition runs with the
  stride ``s`` of the modulated feature, i.e. ``Psi`` is computed at every
  ``s``-th pixel only (the values a stride-``s`` first convolution of the
  1x1 branches would read from the full-resolution ``Psi``, at 1/s^2 of
  the last layer's cost); a convolution of stride ``s`` gives
  ``ceil(H / s)``, the size of the ceil-mode poolings of SSD-VGG and of
  the ResNet stem.
"""
import torch.nn as nn
import torch.nn.functional as F
from mmcv.cnn import ConvModule
from mmengine.model import BaseModule
from mmengine.registry import MODELS
from torch import Tensor


@MODELS.register_module()
class MotionCondition(BaseModule):
    """Motion condition layer: flow -> condition ``Psi`` (Eq. 4.3-4.4).

    ``Psi = MC((I_of_x, I_of_y))``: ``num_convs`` convolutions that keep
    the pixel-wise motion, all 1x1 but the last, whose kernel is
    ``last_kernel_size`` (1: the setting of Table 4.1 and Fig. 4.4; 3: the
    final setting of Fig. 4.5, some motion context) and whose stride is
    that of the modulated feature (``Psi`` at its pixels only).

    Args:
        in_channels (int): Flow channels (x and y). Defaults to 2.
        channels (int): Channels of every layer and of ``Psi``.
            Defaults to 32.
        num_convs (int): Convolutions, >= 1. Defaults to 4.
        last_kernel_size (int): Odd kernel size of the last convolution.
            Defaults to 3.
        norm_cfg (dict, optional): Normalisation after every convolution
            but the last. Defaults to ``dict(type='BN')``.
        act_cfg (dict): Activation between the convolutions.
        init_cfg (dict, optional): Initialisation config.

    Shape:
        flow (B, in_channels, H, W) -> Psi (B, channels, ceil(H / stride),
        ceil(W / stride)).
    """

    def __init__(self,
                 in_channels=2,
                 channels=32,
                 num_convs=4,
                 last_kernel_size=3,
                 norm_cfg=dict(type='BN'),
                 act_cfg=dict(type='LeakyReLU', negative_slope=0.1),
                 init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        if num_convs < 1:
            raise ValueError(f'num_convs must be >= 1, got {num_convs}')
        if last_kernel_size % 2 != 1:
            raise ValueError('last_kernel_size must be odd (the condition '
                             f'keeps the resolution), got {last_kernel_size}')
        self.in_channels = in_channels
        self.channels = channels
        layers = [
            ConvModule(in_channels if i == 0 else channels, channels, 1,
                       norm_cfg=norm_cfg, act_cfg=act_cfg)
            for i in range(num_convs - 1)
        ]
        layers.append(
            nn.Conv2d(in_channels if num_convs == 1 else channels, channels,
                      last_kernel_size, padding=last_kernel_size // 2))
        self.layers = nn.Sequential(*layers)

    def forward(self, flow: Tensor, stride: int = 1) -> Tensor:
        """``Psi`` at every ``stride``-th pixel: ``Psi[..., ::stride,
        ::stride]`` of the full-resolution condition."""
        return self.forward_strides(flow, (stride, ))[stride]

    def forward_strides(self, flow: Tensor, strides) -> dict:
        """``{s: Psi at every s-th pixel}`` for the given strides: the 1x1
        layers run once at full resolution, the last convolution only at
        the pixels each stride keeps."""
        if flow.dim() != 4 or flow.size(1) != self.in_channels:
            raise ValueError(f'{type(self).__name__} expects flow of shape '
                             f'(B, {self.in_channels}, H, W), got '
                             f'{tuple(flow.shape)}')
        hidden = self.layers[:-1](flow)
        last = self.layers[-1]
        return {
            s: F.conv2d(hidden, last.weight, last.bias, stride=s,
                        padding=last.padding)
            for s in set(strides)
        }


@MODELS.register_module()
class MotionModulation(BaseModule):
    """Motion modulation (M2) layer (Eq. 4.5-4.6).

    Two independent branches of 1x1 convolutions map the condition to the
    affine parameters, ``F: Psi -> (beta, gamma)`` (Eq. 4.5), with the
    channels of the modulated feature and at the resolution of ``Psi``
    (the feature's: :meth:`MotionCondition.forward` with the feature's
    stride), which is transformed element-wise (feature-wise and
    spatially)::

        M2(F_rgb) = beta * F_rgb + gamma,   beta = 1 + delta_beta  (4.6)

    Args:
        cond_channels (int): Channels of ``Psi``.
        feat_channels (int): Channels of the modulated feature ``F_rgb``.
        channels (int): Hidden channels of each branch. Defaults to 32.
        norm_cfg (dict, optional): Normalisation after the first
            convolution of each branch. Defaults to ``dict(type='BN')``.
        act_cfg (dict): Activation between the two convolutions.
        init_cfg (dict, optional): Initialisation config; the last
            convolutions are zeroed after it (identity at initialisation).

    Shape:
        feat (B, feat_channels, h, w), cond (B, cond_channels, h, w) -> (B,
        feat_channels, h, w).
    """

    def __init__(self,
                 cond_channels,
                 feat_channels,
                 channels=32,
                 norm_cfg=dict(type='BN'),
                 act_cfg=dict(type='LeakyReLU', negative_slope=0.1),
                 init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        self.scale_branch, self.shift_branch = (nn.Sequential(
            ConvModule(cond_channels, channels, 1, norm_cfg=norm_cfg,
                       act_cfg=act_cfg),
            nn.Conv2d(channels, feat_channels, 1)) for _ in range(2))
        self._zero_last()

    def _zero_last(self):
        for branch in (self.scale_branch, self.shift_branch):
            nn.init.zeros_(branch[-1].weight)
            nn.init.zeros_(branch[-1].bias)

    def init_weights(self):
        super().init_weights()
        self._zero_last()

    def affine_params(self, cond: Tensor):
        """``(beta, gamma) = F(Psi)`` (Eq. 4.5), each (B, feat_channels,
        H, W) for ``Psi`` (B, cond_channels, H, W).

        ``beta = 1 + delta_beta`` is added in place on the branch's output
        (the convolution's backward does not need it): the same values as
        ``1 + delta_beta`` without a second feature-sized tensor.
        """
        return self.scale_branch(cond).add_(1), self.shift_branch(cond)

    def forward(self, feat: Tensor, cond: Tensor) -> Tensor:
        beta, gamma = self.affine_params(cond)
        if beta.shape != feat.shape:
            raise ValueError(
                f'motion modulation gives beta/gamma of shape '
                f'{tuple(beta.shape)} for a feature of shape '
                f'{tuple(feat.shape)}: the condition must have the '
                "feature's resolution (its stride)")
        # beta * F + gamma with gamma added in place on the product (its
        # backward needs beta and F only): the values of the out-of-place
        # expression, one feature-sized allocation fewer. Not addcmul, which
        # rounds once (fused multiply-add) and so changes the last bits.
        return (beta * feat).add_(gamma)
