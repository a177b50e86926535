"""mmaction2's ResNet3d with aligned 3D convolutions in chosen blocks."""
from mmaction.models.backbones.resnet3d import (BasicBlock3d, Bottleneck3d,
                                                ResNet3d)
from mmaction.registry import MODELS
from mmcv.cnn import build_conv_layer

from .trajectory import trajectory_flow


@MODELS.register_module()
class AlignedResNet3d(ResNet3d):
    """ResNet3d whose chosen residual blocks use an aligned 3D convolution.

    In each chosen block the convolution with temporal kernel 3 is rebuilt
    from ``aligned_conv_cfg`` with the same channels, kernel, stride, padding
    and dilation (Sec. 5.3): ``conv2`` of a ``BasicBlock3d`` (Fig. 5.5,
    "Res2.0.conv2"), ``conv1`` of a ``Bottleneck3d`` with ``inflate_style``
    '3x1x1' (its 3x1x1 convolution, I3D) and ``conv2`` with '3x3x3'. The
    aligned convolution takes the place of ``nn.Conv3d`` inside the block's
    ``ConvModule`` (``layer1.0.conv2.conv``), so every key of a vanilla
    ``ResNet3d`` state dict exists here with the same shape and loads (the
    offset generators' parameters are the only extra keys). An aligned
    convolution is an ``nn.Conv3d``, so ResNet3d's initialisation and its
    inflation of 2D ImageNet weights (``pretrained2d``) treat it like the
    others; its offset generator keeps its zero initialisation, so the
    backbone starts as the vanilla one.

    The stage names of the thesis are res2-res5 = ``layer1``-``layer4``.

    Args:
        aligned (Sequence[int | Sequence[int]]): per stage, 1 where a block
            is aligned: an int for all blocks of the stage or one flag per
            block, like mmaction2's ``inflate``. Defaults to ``((1, 0), 0,
            0, 0)``: the first block of res2 (Table 5.2); ``((1, 0), (1, 0),
            0, 0)`` etc. for the layer ablations (Table C.2, Fig. 5.4).
        aligned_conv_cfg (dict): the convolution of the aligned blocks,
            built by mmcv's ``build_conv_layer``: ``AlignedConv3d``
            (patch-to-point), ``PatchToPatchAlignedConv3d`` or
            ``PointToPointAlignedConv3d`` with their ``offsets`` generator.
        **kwargs: :class:`mmaction.models.ResNet3d` arguments.
    """

    def __init__(self,
                 aligned=((1, 0), 0, 0, 0),
                 aligned_conv_cfg=dict(type='AlignedConv3d'),
                 **kwargs):
        super().__init__(**kwargs)
        if len(aligned) != self.num_stages:
            raise ValueError(f'aligned has {len(aligned)} stages, the '
                             f'backbone {self.num_stages}')
        self.aligned_conv_cfg = aligned_conv_cfg
        #: module names of the aligned convolutions
        self.aligned_convs = []
        for i, flags in enumerate(aligned):
            blocks = getattr(self, self.res_layers[i])
            if isinstance(flags, int):
                flags = (flags, ) * len(blocks)
            if len(flags) != len(blocks):
                raise ValueError(f'aligned[{i}] has {len(flags)} flags, '
                                 f'res{i + 2} {len(blocks)} blocks')
            for j, flag in enumerate(flags):
                if flag:
                    self.aligned_convs.append(
                        self._align(f'{self.res_layers[i]}.{j}', blocks[j]))

    def _temporal_conv_name(self, block):
        """The name of the block's ConvModule with temporal kernel 3."""
        if isinstance(block, BasicBlock3d):
            return 'conv2'
        if isinstance(block, Bottleneck3d):
            return 'conv1' if block.inflate_style == '3x1x1' else 'conv2'
        raise TypeError(f'cannot align a {type(block).__name__}')

    def _align(self, block_name, block):
        """Rebuild the block's temporal convolution from
        ``aligned_conv_cfg``; return its module name."""
        name = self._temporal_conv_name(block)
        conv = getattr(block, name).conv
        if conv.kernel_size[0] != 3:
            raise ValueError(
                f'{block_name}.{name} has the kernel {conv.kernel_size}: an '
                'aligned convolution needs the temporal kernel 3 (the block '
                'is not inflated)')
        getattr(block, name).conv = build_conv_layer(
            self.aligned_conv_cfg,
            conv.in_channels,
            conv.out_channels,
            conv.kernel_size,
            stride=conv.stride,
            padding=conv.padding,
            dilation=conv.dilation,
            groups=conv.groups,
            bias=conv.bias is not None)
        return f'{block_name}.{name}.conv'


@MODELS.register_module()
class TrajectoryResNet3d(AlignedResNet3d):
    """The trajectory-convolution baseline (Eq. 5.7, Table 5.2): the aligned
    blocks' convolutions (``TrajectoryConv3d``) follow the clip's optical
    flow instead of learned offsets.

    The input (N, in_channels + 2, T, H, W) carries the flow (x, y) after
    the RGB channels (``StackFlow``), as displacements in pixels of the
    clip from frame t to t + 1: the data preprocessor's flow mean and std
    convert the stored units. The forward hands the flow to every
    ``TrajectoryConv3d`` (``trajectory_flow``) and runs the ResNet3d on the
    RGB channels.

    Args:
        aligned_conv_cfg (dict): Defaults to ``dict(type='TrajectoryConv3d')``.
        **kwargs: :class:`AlignedResNet3d` arguments.
    """

    def __init__(self, aligned_conv_cfg=dict(type='TrajectoryConv3d'),
                 **kwargs):
        super().__init__(aligned_conv_cfg=aligned_conv_cfg, **kwargs)

    def forward(self, x):
        if x.size(1) != self.in_channels + 2:
            raise ValueError(
                f'{type(self).__name__} expects {self.in_channels} + 2 '
                f'(flow) channels, got {x.size(1)}')
        with trajectory_flow(self, x[:, self.in_channels:]):
            return super().forward(x[:, :self.in_channels])
