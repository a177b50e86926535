"""Generator g_omega (Eq. 2.2-2.4): a conditional gated PixelCNN (van den
Oord et al., NeurIPS 2016) over the low-resolution ab map in raster order,
with a vertical and a horizontal stack made causal by shifted, unpadded
convolutions."""
import torch.nn as nn
import torch.nn.functional as F
from mmengine.model import BaseModule
from mmseg.registry import MODELS

from .embedding import gated_activation


def down_shift(x):
    """Move rows one down (row 0 becomes zeros): row i then holds row
    i - 1."""
    return F.pad(x, (0, 0, 1, 0))[:, :, :-1]


def right_shift(x):
    """Move columns one right (column 0 becomes zeros)."""
    return F.pad(x, (1, 0))[:, :, :, :-1]


class CausalGatedLayer(nn.Module):
    """A layer of the gated PixelCNN with a spatial condition.

    The vertical stack v sees a ``(k // 2 + 1) x k`` window ending at the
    current row, the horizontal stack h a ``1 x (k // 2 + 1)`` window
    ending at the current pixel; the first layer gets the input shifted
    one row down (v) and one pixel right (h), so that after any number of
    layers h at pixel i depends only on pixels before i in raster order:

    v' = tanh(V_v * v + C_v s) . sigmoid(...),  v_pre = V_v * v + C_v s
    h' = h + W_o [tanh(V_h * h + W_vh v_pre + C_h s) . sigmoid(...)]

    (the skip only where the input width equals ``channels``); s is the
    condition (f_theta, or its fusion with h_phi) at the same resolution.

    Args:
        in_channels (int): Input channels of both stacks.
        channels (int): Output channels C of both stacks.
        cond_channels (int): Channels of the condition s.
        kernel_size (int): k, odd.
    """

    def __init__(self, in_channels, channels, cond_channels, kernel_size=3):
        super().__init__()
        if kernel_size % 2 != 1:
            raise ValueError(f'kernel_size must be odd, got {kernel_size}')
        half = kernel_size // 2
        self.v_conv = nn.Conv2d(in_channels, 2 * channels,
                                (half + 1, kernel_size))
        self.h_conv = nn.Conv2d(in_channels, 2 * channels, (1, half + 1))
        self.v_to_h = nn.Conv2d(2 * channels, 2 * channels, 1)
        self.cond = nn.Conv2d(cond_channels, 4 * channels, 1)
        self.h_out = nn.Conv2d(channels, channels, 1)
        self.residual = in_channels == channels
        # (left, right, top, bottom) padding that makes the unpadded
        # convolutions causal and size-preserving
        self.v_padding = (half, half, half, 0)
        self.h_padding = (half, 0, 0, 0)

    def condition(self, cond):
        """Condition terms ``(C_v s, C_h s)``, each ``(B, 2C, H, W)``."""
        return self.cond(cond).chunk(2, dim=1)

    def vertical(self, v, cond_v):
        """``v`` padded by ``v_padding`` -> ``(v_pre, v')``."""
        v_pre = self.v_conv(v) + cond_v
        return v_pre, gated_activation(*v_pre.chunk(2, dim=1))

    def horizontal(self, h, context, skip):
        """``h`` padded by ``h_padding``, ``context`` = W_vh v_pre + C_h s
        and the unpadded input ``skip`` at the output positions -> h'."""
        out = self.h_out(
            gated_activation(*(self.h_conv(h) + context).chunk(2, dim=1)))
        return skip + out if self.residual else out

    def forward(self, v, h, cond):
        """``(B, C_in, H, W)`` stacks and ``(B, C_s, H, W)`` condition ->
        ``(B, C, H, W)`` stacks."""
        cond_v, cond_h = self.condition(cond)
        v_pre, v = self.vertical(F.pad(v, self.v_padding), cond_v)
        h = self.horizontal(
            F.pad(h, self.h_padding), self.v_to_h(v_pre) + cond_h, h)
        return v, h


@MODELS.register_module()
class ConditionalGatedPixelCNN(BaseModule):
    """g_omega: the mixture parameters of p(Y_i | Y_1, ..., Y_{i-1}, s) for
    every pixel i of the ab map Y in one pass (teacher forcing); sampling
    is sequential (``sampler.py``).

    Args:
        cond_channels (int): Channels of the condition s (filled in by the
            colorizer: f_theta's, or its fusion with h_phi's).
        channels (int): Width of the stacks.
        num_layers (int): Gated layers.
        kernel_size (int): Odd kernel size k of the stacks.
        loss (dict): The mixture loss L_gen; it sets the output width and
            the scaling of the ab input.
        init_cfg (dict, optional): Initialisation config.
    """

    def __init__(self,
                 cond_channels,
                 channels=128,
                 num_layers=8,
                 kernel_size=3,
                 loss=dict(type='DiscretizedMixLogisticLoss',
                           loss_name='loss_gen'),
                 init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        self.loss_gen = MODELS.build(loss)
        self.layers = nn.ModuleList(
            CausalGatedLayer(2 if i == 0 else channels, channels,
                             cond_channels, kernel_size)
            for i in range(num_layers))
        self.out = nn.Conv2d(channels, self.loss_gen.num_params, 1)

    def mixture_params(self, h):
        """Horizontal stack output ``(B, C, *)`` -> ``(B, 6M, *)``."""
        return self.out(F.elu(h))

    def forward(self, ab, cond):
        """Mixture parameters ``(B, 6M, H, W)`` of every pixel given the
        pixels before it in ``ab`` ``(B, 2, H, W)`` and the condition
        ``cond`` ``(B, C_s, H, W)``."""
        if ab.shape[-2:] != cond.shape[-2:]:
            raise ValueError(f'ab {tuple(ab.shape)} and condition '
                             f'{tuple(cond.shape)} differ in size')
        x = self.loss_gen.normalize(ab)
        v, h = down_shift(x), right_shift(x)
        for layer in self.layers:
            v, h = layer(v, h, cond)
        return self.mixture_params(h)

    def loss(self, gt_ab, cond):
        """``{'loss_gen': lambda_3 * NLL}`` of ``gt_ab`` under teacher
        forcing."""
        return self.loss_gen(self(gt_ab, cond), gt_ab)
