"""Classification backbones whose down-sampling layers come from a
``pool_cfg`` (LiftDownPool and its baselines, :mod:`.pools`), registered in
mmpretrain's and mmseg's ``MODELS``.

Where LiftDownPool goes ("we replace the local pooling layers by
LiftDownPool in all the networks", Section 3.4.1):

- :class:`LiftPoolVGG`: the five 2x2 max-poolings of VGG on 32x32 inputs.
- :class:`LiftPoolResNet`: the stem's 3x3 stride-2 max-pooling, ResNet's
  only local pooling (ResNet-50: 25.56 M -> 25.58 M parameters with the
  default G1 = 2, as in the thesis); ``pool_strided_convs=True`` also
  turns the stride-2 3x3 convolutions of stages 2-4 into stride-1
  convolutions + the pool.
- :class:`LiftPoolMobileNetV2`: MobileNetV2 has no local pooling; the pool
  takes the place of the stride of its four stride-2 depthwise
  convolutions (the stem convolution stays strided).
"""
import torch.nn as nn
from mmcv.cnn import ConvModule
from mmpretrain.models.backbones import MobileNetV2, ResNet
from mmpretrain.models.backbones.base_backbone import BaseBackbone
from mmpretrain.models.backbones.mobilenet_v2 import InvertedResidual
from mmpretrain.registry import MODELS as PRETRAIN_MODELS
from mmseg.registry import MODELS as SEG_MODELS

from .pools import build_pool_layer, pool_strided_conv

#: default pooling: LiftDownPool2d summing the four sub-bands, K = 5, G1 = 2
LIFT_DOWN_POOL = dict(type='LiftDownPool2d', kernel_size=5, groups=2)


def vgg_stage_channels(depth, base_channels):
    """(number of 3x3 convolutions, channels) of VGG's five stages."""
    convs = {11: (1, 1, 2, 2, 2), 13: (2, 2, 2, 2, 2), 16: (2, 2, 3, 3, 3),
             19: (2, 2, 4, 4, 4)}
    if depth not in convs:
        raise KeyError(f'VGG depth {depth} not in {sorted(convs)}')
    return [(n, base_channels * 2**min(i, 3))
            for i, n in enumerate(convs[depth])]


def vgg_convs(in_channels, out_channels, num_convs, norm_cfg):
    """``num_convs`` x (3x3 conv -> norm -> ReLU) as an ``nn.Sequential``."""
    return nn.Sequential(*[
        ConvModule(in_channels if i == 0 else out_channels, out_channels, 3,
                   padding=1, norm_cfg=norm_cfg) for i in range(num_convs)
    ])


@PRETRAIN_MODELS.register_module()
@SEG_MODELS.register_module()
class LiftPoolVGG(BaseBackbone):
    """VGG for 32x32 images (VGG13-BN on CIFAR-100, Tables 3.1-3.3): five
    stages of 3x3 conv-BN-ReLU (widths ``base_channels`` x 1, 2, 4, 8, 8),
    each followed by the down-sampling layer of ``pool_cfg``.

    Shapes: (N, 3, 32, 32) -> stage i output (N, C_i, 32 / 2^(i+1), ...);
    the last stage gives (N, 8 base_channels, 1, 1) for a linear classifier
    behind global average pooling.

    Args:
        depth (int): 11, 13, 16 or 19. Default: 13.
        base_channels (int): width of the first stage. Default: 64.
        pool_cfg (dict): the down-sampling layer (root ``MODELS``).
        norm_cfg (dict | None): ``dict(type='BN')`` gives VGG-BN.
        out_indices (Sequence[int]): stages whose pooled output is returned.
        init_cfg (dict | list[dict], optional): initialisation.
    """

    def __init__(self,
                 depth=13,
                 base_channels=64,
                 pool_cfg=LIFT_DOWN_POOL,
                 norm_cfg=dict(type='BN'),
                 out_indices=(4, ),
                 init_cfg=[
                     dict(type='Kaiming', layer='Conv2d'),
                     dict(type='Constant', val=1, layer='_BatchNorm')
                 ]):
        super().__init__(init_cfg)
        self.out_indices = out_indices
        self.stages = nn.ModuleList()
        self.pools = nn.ModuleList()
        in_channels = 3
        for num_convs, channels in vgg_stage_channels(depth, base_channels):
            self.stages.append(
                vgg_convs(in_channels, channels, num_convs, norm_cfg))
            self.pools.append(build_pool_layer(pool_cfg, channels))
            in_channels = channels

    def forward(self, x):
        outs = []
        for i, (stage, pool) in enumerate(zip(self.stages, self.pools)):
            x = pool(stage(x))
            if i in self.out_indices:
                outs.append(x)
        return tuple(outs)


@PRETRAIN_MODELS.register_module()
@SEG_MODELS.register_module()
class LiftPoolResNet(ResNet):
    """mmpretrain's ResNet with the stem's max-pooling replaced by the layer
    of ``pool_cfg`` (kept under the name ``maxpool``: ResNet checkpoints
    load, the pool's parameters aside).

    Args:
        depth (int): 18, 34, 50, 101 or 152.
        pool_cfg (dict): the down-sampling layer (root ``MODELS``);
            ``dict(type='MaxPool2d', kernel_size=3, stride=2, padding=1)``
            is mmpretrain's ResNet.
        pool_strided_convs (bool): also replace the stride of the 3x3
            convolution that down-samples stages 2-4 (Bottleneck ``conv2``,
            BasicBlock ``conv1``) by a pool of ``pool_cfg`` behind it
            (:class:`ConvPool2d`, same parameter names); the 1x1 strided
            shortcut stays. Default: False.
        **kwargs: the arguments of mmpretrain's ``ResNet``.
    """

    def __init__(self,
                 depth,
                 pool_cfg=LIFT_DOWN_POOL,
                 pool_strided_convs=False,
                 **kwargs):
        super().__init__(depth, **kwargs)
        self.maxpool = build_pool_layer(pool_cfg, self.stem_channels)
        if pool_strided_convs:
            for layer_name in self.res_layers:
                for block in getattr(self, layer_name):
                    for name, child in block.named_children():
                        if (isinstance(child, nn.Conv2d)
                                and child.stride == (2, 2)):
                            setattr(block, name,
                                    pool_strided_conv(child, pool_cfg))


@PRETRAIN_MODELS.register_module()
@SEG_MODELS.register_module()
class LiftPoolMobileNetV2(MobileNetV2):
    """mmpretrain's MobileNetV2 whose four stride-2 inverted residual blocks
    down-sample with the layer of ``pool_cfg`` behind their depthwise 3x3
    convolution, made stride 1 (:class:`ConvPool2d`: parameter names of
    MobileNetV2 kept). ``dict(type='Subsample2d')`` is MobileNetV2 itself.

    The default LiftDownPool2d uses ``groups=8`` in P and U: dense ones on
    the 96-576 expanded channels would add 4.0 M parameters to the 3.5 M
    of the network (with 8 groups: 0.5 M).

    Args:
        pool_cfg (dict): the down-sampling layer (root ``MODELS``).
        **kwargs: the arguments of mmpretrain's ``MobileNetV2``.
    """

    def __init__(self, pool_cfg=dict(LIFT_DOWN_POOL, groups=8), **kwargs):
        super().__init__(**kwargs)
        for block in self.modules():
            if isinstance(block, InvertedResidual) and block.stride == 2:
                depthwise = block.conv[-2]
                depthwise.conv = pool_strided_conv(depthwise.conv, pool_cfg)
