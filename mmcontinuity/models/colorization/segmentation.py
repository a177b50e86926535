"""Segmentation branch h_phi (Table 2.2) on the layers shared with the
colour embedding: dilated gated residual layers and atrous spatial pyramid
pooling whose per-rate class scores are summed (DeepLab v2's ASPP-L)."""
import torch.nn as nn
from mmseg.models.decode_heads.decode_head import BaseDecodeHead
from mmseg.registry import MODELS

from .embedding import residual_stage


@MODELS.register_module()
class SummedASPP(nn.Module):
    """Parallel 3x3 convolutions to class scores at several dilation rates,
    summed (the last four rows of Table 2.2).

    Args:
        in_channels (int): Input channels.
        num_classes (int): Output channels.
        dilations (Sequence[int]): Rates (6, 12, 18).
    """

    def __init__(self, in_channels, num_classes, dilations=(6, 12, 18)):
        super().__init__()
        self.branches = nn.ModuleList(
            nn.Conv2d(in_channels, num_classes, 3, padding=d, dilation=d)
            for d in dilations)

    def forward(self, x):
        """``(B, C, H, W)`` -> ``(B, num_classes, H, W)``."""
        return sum(branch(x) for branch in self.branches)


@MODELS.register_module()
class PixelatedSegHead(BaseDecodeHead):
    """h_phi(X_L): per dilation a 3x3 convolution and gated residual
    blocks (Table 2.2: 512 channels, three blocks at dilation 2, twice),
    then :class:`SummedASPP` as the classifier (``conv_seg``, so mmseg's
    ``cls_seg``, initialisation and ``loss_by_feat`` apply unchanged).

    Args:
        num_blocks (Sequence[int]): Residual blocks per dilation (3, 3).
        dilations (Sequence[int]): (2, 2).
        aspp_dilations (Sequence[int]): (6, 12, 18).
        **kwargs: ``BaseDecodeHead`` arguments (``in_channels`` is filled
            in by the colorizer; ``channels`` 512; ``num_classes``;
            ``loss_decode`` with ``loss_weight`` lambda_2 = 100 and
            ``loss_name='loss_seg'``).
    """

    def __init__(self, num_blocks=(3, 3), dilations=(2, 2),
                 aspp_dilations=(6, 12, 18), **kwargs):
        super().__init__(**kwargs)
        if len(num_blocks) != len(dilations):
            raise ValueError(f'num_blocks {num_blocks} and dilations '
                             f'{dilations} must have the same length')
        self.layers = nn.Sequential(*[
            residual_stage(self.in_channels if i == 0 else self.channels,
                           self.channels, n, dilation=d)
            for i, (n, d) in enumerate(zip(num_blocks, dilations))
        ])
        self.conv_seg = SummedASPP(self.channels, self.out_channels,
                                   aspp_dilations)

    def forward(self, inputs):
        """Bottom features, a list of ``(B, C, h, w)`` maps of which
        ``in_index`` is used -> class scores ``(B, num_classes, h, w)``."""
        return self.cls_seg(self.layers(self._transform_inputs(inputs)))
