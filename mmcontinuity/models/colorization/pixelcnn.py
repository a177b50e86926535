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


@MODELS.register_module()
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
        and the unpadded input ``skip`` -> h' ``(B, C, H, W)``."""
        return self._update(self.h_conv(h) + context, skip)

    def horizontal_at(self, window, context, skip, h_matrix):
        """h' at one pixel: the same arithmetic as :meth:`horizontal` with
        the convolution as a matrix product (fast for a single position).

        Args:
            window (torch.Tensor): ``(B, k//2+1, C_in)`` the padded input
                at the pixel and the k//2 pixels to its left, oldest first.
            context (torch.Tensor): ``(B, 2C)``.
            skip (torch.Tensor): ``(B, C_in)`` the input at the pixel.
            h_matrix (torch.Tensor): :meth:`h_conv_matrix`.

        Returns:
            torch.Tensor: ``(B, C)``.
        """
        pre = F.linear(window.flatten(1), h_matrix, self.h_conv.bias)
        return self._update(pre + context, skip)

    def h_conv_matrix(self):
        """``(2C, (k//2+1) C_in)`` weight of ``h_conv`` for a flattened
        channels-last window."""
        return self.h_conv.weight.permute(0, 2, 3, 1).flatten(1)

    def _update(self, h_pre, skip):
        """Gate, 1x1 output projection (over dim 1, any trailing dims) and
        skip."""
        out = F.linear(
            gated_activation(*h_pre.chunk(2, dim=1)).movedim(1, -1),
            self.h_out.weight.flatten(1), self.h_out.bias).movedim(-1, 1)
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
        """Horizontal stack output ``(B, C, *S)`` -> ``(B, 6M, *S)`` (the
        1x1 convolution ``out`` over dim 1, any trailing dims)."""
        return F.linear(F.elu(h).movedim(1, -1), self.out.weight.flatten(1),
                        self.out.bias).movedim(-1, 1)

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
