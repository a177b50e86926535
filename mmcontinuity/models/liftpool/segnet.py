"""SegNet (Badrinarayanan et al., TPAMI 2017) with a VGG encoder whose
down-pooling layers are paired with the decoder's up-pooling layers
(Table 3.6): max pooling / max-unpooling at the recorded indices (+ a blur),
or LiftDownPool keeping LL / LiftUpPool fed with LH, HL, HH.

A *sampling pair* owns both directions of one level:
``y, record = pair.down(x)`` and ``x_up = pair.up(y, record)``, where
``record`` is what the up-pooling needs (max indices or the sub-bands).
"""
import re

import torch.nn as nn
import torch.nn.functional as F
from mmengine.model import BaseModule
from mmengine.registry import MODELS
from mmseg.registry import MODELS as SEG_MODELS

from .backbones import vgg_convs, vgg_stage_channels
from .pools import BlurPool2d


@MODELS.register_module()
class MaxUnpoolSampling(nn.Module):
    """2x2 max pooling (stride 2) that records the indices of its maxima;
    up-pooling writes each value back at its index, zeros elsewhere
    (MaxUpPool, Fig. A.1). (N, C, H, W) <-> (N, C, H // 2, W // 2)."""

    def __init__(self, in_channels=None):
        super().__init__()

    def down(self, x):
        y, indices = F.max_pool2d(x, 2, 2, return_indices=True)
        return y, (indices, x.shape[-2:])

    def up(self, y, record):
        indices, size = record
        return F.max_unpool2d(y, indices, 2, 2, output_size=size)


@MODELS.register_module()
class BlurMaxUnpoolSampling(MaxUnpoolSampling):
    """Max-unpooling followed by a binomial blur (stride 1, Zhang 2019):
    the "MaxUpPool + BlurPool" row of Table 3.6; down-pooling as
    :class:`MaxUnpoolSampling`.

    Args:
        filter_size (int): taps of the blur. Default: 3.
    """

    def __init__(self, in_channels=None, filter_size=3):
        super().__init__()
        self.blur = BlurPool2d(filter_size, stride=1)

    def up(self, y, record):
        return self.blur(super().up(y, record))


@MODELS.register_module()
class LiftSampling(nn.Module):
    """LiftDownPool2d keeping LL as the pooled map; LiftUpPool2d, sharing
    its P and U, inverts it with the decoder's map in place of LL and the
    recorded LH, HL, HH (Eq. 3.10-3.12). (N, C, H, W) <-> (N, C, ceil(H/2),
    ceil(W/2)).

    Args:
        in_channels (int): channels of the pooled map.
        kernel_size (int): K of P and U. Default: 5.
    """

    def __init__(self, in_channels, kernel_size=5):
        super().__init__()
        self.down_pool = MODELS.build(
            dict(type='LiftDownPool2d', in_channels=in_channels,
                 kernel_size=kernel_size, sub_bands=('LL', )))
        self.up_pool = MODELS.build(
            dict(type='LiftUpPool2d', down=self.down_pool))

    def down(self, x):
        bands = self.down_pool.decompose(x)
        return bands.ll, bands

    def up(self, y, record):
        return self.up_pool(y, record)


@SEG_MODELS.register_module()
class SegNet(BaseModule):
    """SegNet: a VGG encoder (five stages of 3x3 conv-BN-ReLU, each followed
    by the down-pooling of a sampling pair) and its mirror as decoder (per
    level, deepest first: the pair's up-pooling, then as many 3x3
    conv-BN-ReLU as the encoder stage, the last one narrowing to the width
    of the level above).

    Shapes: (N, 3, H, W) -> a one-element tuple with (N, base_channels, H,
    W) for a per-pixel classifier (mmseg's ``FCNHead`` with
    ``num_convs=0``); H and W divisible by 32.

    The encoder loads the backbone of a :class:`LiftPoolVGG` classifier of
    the same depth, width and pooling (SegNet starts from an
    ImageNet-trained VGG): its keys ``stages.i.*`` and ``pools.i.*`` are
    read as ``encoder.i.*`` and ``samplings.i.down_pool.*``, e.g.
    ``init_cfg=dict(type='Pretrained', checkpoint=..., prefix='backbone.')``
    on a classifier checkpoint.

    Args:
        depth (int): VGG depth of the encoder. Default: 13.
        base_channels (int): width of the first stage. Default: 64.
        sampling_cfg (dict): the sampling pair (root ``MODELS``), built per
            level with the level's ``in_channels``.
        norm_cfg (dict): normalisation of every convolution.
        init_cfg (dict | list[dict], optional): initialisation.
    """

    def __init__(self,
                 depth=13,
                 base_channels=64,
                 sampling_cfg=dict(type='LiftSampling'),
                 norm_cfg=dict(type='BN'),
                 init_cfg=[
                     dict(type='Kaiming', layer='Conv2d'),
                     dict(type='Constant', val=1, layer='_BatchNorm')
                 ]):
        super().__init__(init_cfg)
        stages = vgg_stage_channels(depth, base_channels)
        self.encoder = nn.ModuleList()
        self.samplings = nn.ModuleList()
        self.decoder = nn.ModuleList()
        in_channels = 3
        for num_convs, channels in stages:
            self.encoder.append(
                vgg_convs(in_channels, channels, num_convs, norm_cfg))
            self.samplings.append(
                MODELS.build(dict(sampling_cfg, in_channels=channels)))
            in_channels = channels
        widths = [channels for _, channels in stages]
        for i, (num_convs, channels) in enumerate(stages):
            self.decoder.append(
                nn.Sequential(
                    vgg_convs(channels, channels, num_convs - 1, norm_cfg),
                    *vgg_convs(channels, widths[max(i - 1, 0)], 1,
                               norm_cfg)))
        self._register_load_state_dict_pre_hook(self._load_classifier_keys)

    #: classifier (``LiftPoolVGG``) key -> SegNet key
    CLASSIFIER_KEYS = ((re.compile(r'stages\.'), 'encoder.'),
                       (re.compile(r'pools\.(\d+)\.'),
                        r'samplings.\1.down_pool.'))

    @classmethod
    def _load_classifier_keys(cls, state_dict, prefix, *args):
        """Rename a classifier's encoder keys (below ``prefix``) in place."""
        for key in [k for k in state_dict if k.startswith(prefix)]:
            name = key[len(prefix):]
            for pattern, repl in cls.CLASSIFIER_KEYS:
                if pattern.match(name):
                    state_dict[prefix + pattern.sub(repl, name, 1)] = \
                        state_dict.pop(key)

    def forward(self, x):
        records = []
        for stage, sampling in zip(self.encoder, self.samplings):
            x, record = sampling.down(stage(x))
            records.append(record)
        for i in reversed(range(len(self.decoder))):
            x = self.decoder[i](self.samplings[i].up(x, records[i]))
        return (x, )
