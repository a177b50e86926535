"""Colour embedding f_theta (Table 2.1): gated residual blocks on the gray
image, 128x128 -> 32x32, dilated top layers, a 160-channel embedding and
the mixture head of L_emb."""
import torch.nn as nn
import torch.nn.functional as F
from mmcv.cnn import ConvModule
from mmengine.model import BaseModule
from mmseg.registry import MODELS


def gated_activation(value, gate):
    """The gated activation tanh(value) * sigmoid(gate)."""
    return value.tanh() * gate.sigmoid()


@MODELS.register_module()
class GatedResBlock(nn.Module):
    """Gated residual block (Sec. 2.3.3): two 3x3 convolutions, a gate and
    a skip connection,

    y = x + tanh(u) * sigmoid(g),  (u, g) = conv(ELU(conv(x))).

    Args:
        channels (int): C, in and out.
        dilation (int): Dilation of both convolutions.
    """

    def __init__(self, channels, dilation=1):
        super().__init__()
        self.conv1 = ConvModule(channels, channels, 3, padding=dilation,
                                dilation=dilation, act_cfg=dict(type='ELU'))
        self.conv2 = nn.Conv2d(channels, 2 * channels, 3, padding=dilation,
                               dilation=dilation)

    def forward(self, x):
        """``(B, C, H, W)`` -> ``(B, C, H, W)``."""
        value, gate = self.conv2(self.conv1(x)).chunk(2, dim=1)
        return x + gated_activation(value, gate)


def residual_stage(in_channels, channels, num_blocks, stride=1, dilation=1):
    """A row pair of Tables 2.1/2.2: ``convolution 3x3/stride`` (ELU) and
    ``Residual block x num_blocks`` at ``dilation``."""
    return nn.Sequential(
        ConvModule(in_channels, channels, 3, stride=stride, padding=1,
                   act_cfg=dict(type='ELU')),
        *[GatedResBlock(channels, dilation) for _ in range(num_blocks)])


@MODELS.register_module()
class ColorEmbeddingBottom(BaseModule):
    """The bottom layers of f_theta shared with the segmentation branch
    h_phi (the gray rows of Tables 2.1 and 2.2): a stride-1 stage, then
    stride-2 stages, each a 3x3 convolution and gated residual blocks.

    Args:
        in_channels (int): Input channels (1, the normalised L).
        channels (Sequence[int]): Channels of the stages (64, 128, 256).
        num_blocks (Sequence[int]): Residual blocks per stage (2, 2, 2).
        init_cfg (dict, optional): Initialisation config.
    """

    def __init__(self, in_channels=1, channels=(64, 128, 256),
                 num_blocks=(2, 2, 2), init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        if len(channels) != len(num_blocks):
            raise ValueError(f'channels {channels} and num_blocks '
                             f'{num_blocks} must have the same length')
        self.stages = nn.Sequential(*[
            residual_stage(c_in, c_out, n, stride=1 if i == 0 else 2)
            for i, (c_in, c_out, n) in enumerate(
                zip((in_channels, ) + tuple(channels[:-1]), channels,
                    num_blocks))
        ])
        self.out_channels = channels[-1]

    def forward(self, x):
        """``(B, 1, H, W)`` -> ``(B, C, H / 2^(S-1), W / 2^(S-1))``."""
        return self.stages(x)


@MODELS.register_module()
class ColorEmbedding(BaseModule):
    """The top of the colour embedding f_theta(X_L) (Table 2.1, white
    rows) and its head: per dilation a 3x3 convolution and gated residual
    blocks, a 3x3 convolution to the embedding, and a 1x1 convolution to
    the mixture parameters whose negative log-likelihood of the target ab
    is L_emb.

    Args:
        in_channels (int): Channels of the shared bottom (filled in by the
            colorizer).
        channels (int): Width of the dilated layers (512).
        num_blocks (Sequence[int]): Residual blocks per dilation (3, 3).
        dilations (Sequence[int]): (2, 4).
        out_channels (int): Embedding channels (160).
        loss (dict): The mixture loss L_emb; it sets the head's width.
        init_cfg (dict, optional): Initialisation config.
    """

    def __init__(self,
                 in_channels,
                 channels=512,
                 num_blocks=(3, 3),
                 dilations=(2, 4),
                 out_channels=160,
                 loss=dict(type='DiscretizedMixLogisticLoss',
                           loss_name='loss_emb'),
                 init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        if len(num_blocks) != len(dilations):
            raise ValueError(f'num_blocks {num_blocks} and dilations '
                             f'{dilations} must have the same length')
        self.layers = nn.Sequential(
            *[
                residual_stage(in_channels if i == 0 else channels,
                               channels, n, dilation=d)
                for i, (n, d) in enumerate(zip(num_blocks, dilations))
            ], nn.Conv2d(channels, out_channels, 3, padding=1))
        self.loss_emb = MODELS.build(loss)
        self.mixture_head = nn.Conv2d(out_channels, self.loss_emb.num_params,
                                      1)
        self.out_channels = out_channels

    def forward(self, x):
        """Embedding ``(B, 160, h, w)`` of the bottom features ``x``."""
        return self.layers(x)

    def mixture_params(self, embedding):
        """``(B, 6M, h, w)`` mixture parameters of ab from the embedding."""
        return self.mixture_head(F.elu(embedding))

    def sample_ab(self, embedding, temperature=1.0, generator=None):
        """Colours of the embedding alone (Figs. 2.4 and 2.7): every pixel
        drawn independently from its mixture, ``(B, 2, h, w)``."""
        return self.loss_emb.sample(self.mixture_params(embedding),
                                    temperature, generator)

    def loss(self, embedding, gt_ab):
        """``{'loss_emb': lambda_1 * NLL}`` of ``gt_ab`` ``(B, 2, h, w)``."""
        return self.loss_emb(self.mixture_params(embedding), gt_ab)
