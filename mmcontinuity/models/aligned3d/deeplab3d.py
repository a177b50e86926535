"""3D DeepLab for moving-object segmentation (App. C.2, Fig. C.1)."""
import torch
import torch.nn.functional as F
from mmaction.registry import MODELS
from mmcv.cnn import ConvModule
from mmengine.model import BaseModel, BaseModule
from torch import nn


@MODELS.register_module()
class ASPP3d(BaseModule):
    """Atrous spatial pyramid pooling on a clip feature map (Fig. C.1).

    Branches on x (N, C, T, H, W): a 1x1x1 convolution for the dilation 1
    ("Conv_a1") and 3x3x3 convolutions dilated (1, d, d) (spatially only,
    "Conv_a2..a4"), plus global average pooling -> 1x1x1 convolution ->
    broadcast; their concatenation goes through a 1x1x1 convolution
    ("Conv3"). Output (N, channels, T, H, W).

    Args:
        in_channels (int): C.
        channels (int): channels of every branch and of the output.
        dilations (Sequence[int]): spatial dilations. Defaults to
            (1, 6, 12, 18).
        norm_cfg (dict): normalisation of every convolution.
    """

    def __init__(self, in_channels, channels, dilations=(1, 6, 12, 18),
                 norm_cfg=dict(type='BN3d'), init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        conv = dict(conv_cfg=dict(type='Conv3d'), norm_cfg=norm_cfg)
        self.branches = nn.ModuleList([
            ConvModule(in_channels, channels, 1, **conv) if d == 1 else
            ConvModule(in_channels, channels, 3, padding=(1, d, d),
                       dilation=(1, d, d), **conv) for d in dilations
        ])
        self.image_pool = nn.Sequential(
            nn.AdaptiveAvgPool3d(1),
            ConvModule(in_channels, channels, 1, **conv))
        self.bottleneck = ConvModule((len(dilations) + 1) * channels,
                                     channels, 1, **conv)

    def forward(self, x):
        pooled = self.image_pool(x).expand(-1, -1, *x.shape[2:])
        return self.bottleneck(
            torch.cat([branch(x) for branch in self.branches] + [pooled], 1))


@MODELS.register_module()
class DeepLab3D(BaseModel):
    """Encoder-decoder 3D network segmenting every frame of a clip.

    Encoder: a 3D ResNet (e.g. ``AlignedResNet3d``, R3D-18 with aligned
    convolutions) giving conv1's output and every stage's (res2-res5,
    ``out_indices`` = all stages). Decoder (Fig. C.1): ASPP on res5, then
    for res4, res3, res2 and conv1 in turn a trilinear 3D up-sampling to
    the skip's (T, H, W), concatenation with the skip and a 3x3x3
    convolution; a 1x1x1 classifier and a last up-sampling to the clip's
    (T, H, W) give logits (N, num_classes, T, H, W).

    Training: cross-entropy of the logits against the clips' ``gt_masks``
    (T, H, W) in {0, 1} (``PackTubeletInputs``). Prediction: every data
    sample gets ``pred_masks`` (T, H, W), the softmax probability of class 1,
    which ``DAVISMetric`` reads.

    Args:
        backbone (dict): the encoder, a ResNet3d with ``out_indices``
            covering all its stages.
        channels (int): channels of the ASPP and of the decoder.
        num_classes (int): background and object. Defaults to 2.
        dilations (Sequence[int]): ASPP dilations. Defaults to (1, 6, 12,
            18).
        norm_cfg (dict): normalisation of the decoder convolutions.
        loss (dict): the pixel loss, e.g. mmaction2's ``CrossEntropyLoss``
            with a ``class_weight`` for the rare object pixels.
        data_preprocessor (dict): e.g. ``ActionDataPreprocessor`` with
            ``format_shape='NCTHW'``.
    """

    def __init__(self,
                 backbone,
                 channels=256,
                 num_classes=2,
                 dilations=(1, 6, 12, 18),
                 norm_cfg=dict(type='BN3d'),
                 loss=dict(type='CrossEntropyLoss'),
                 data_preprocessor=None,
                 init_cfg=None):
        super().__init__(data_preprocessor=data_preprocessor,
                         init_cfg=init_cfg)
        self.backbone = MODELS.build(backbone)
        stages = self.backbone.num_stages
        if tuple(self.backbone.out_indices) != tuple(range(stages)):
            raise ValueError('DeepLab3D needs every stage of the encoder: '
                             f'out_indices={tuple(range(stages))}, got '
                             f'{self.backbone.out_indices}')
        expansion = self.backbone.block.expansion
        skips = [self.backbone.base_channels] + [
            self.backbone.base_channels * 2**i * expansion
            for i in range(stages - 1)
        ]
        conv = dict(conv_cfg=dict(type='Conv3d'), norm_cfg=norm_cfg)
        self.aspp = ASPP3d(self.backbone.feat_dim, channels, dilations,
                           norm_cfg)
        self.decoder = nn.ModuleList([
            ConvModule(channels + skip, channels, 3, padding=1, **conv)
            for skip in reversed(skips)
        ])
        self.classifier = nn.Conv3d(channels, num_classes, 1)
        self.loss_module = MODELS.build(loss)

    def encode(self, inputs):
        """Skip features, finest first: conv1, res2, ..., and res5."""
        backbone = self.backbone
        x = backbone.conv1(inputs)
        skips = [x]
        if backbone.with_pool1:
            x = backbone.maxpool(x)
        for i, name in enumerate(backbone.res_layers):
            x = getattr(backbone, name)(x)
            if i == 0 and backbone.with_pool2:
                x = backbone.pool2(x)
            skips.append(x)
        return skips[:-1], skips[-1]

    def _forward(self, inputs):
        """Logits (N, num_classes, T, H, W) of clips (N, C, T, H, W)."""
        skips, x = self.encode(inputs)
        x = self.aspp(x)
        for skip, conv in zip(reversed(skips), self.decoder):
            x = F.interpolate(x, size=skip.shape[2:], mode='trilinear',
                              align_corners=False)
            x = conv(torch.cat([x, skip], 1))
        return F.interpolate(self.classifier(x), size=inputs.shape[2:],
                             mode='trilinear', align_corners=False)

    def forward(self, inputs, data_samples=None, mode='tensor'):
        if inputs.dim() != 5:
            raise ValueError(f'DeepLab3D expects clips (N, C, T, H, W), got '
                             f'shape {tuple(inputs.shape)}')
        logits = self._forward(inputs)
        if mode == 'tensor':
            return logits
        if mode == 'loss':
            for sample in data_samples:
                if sample.gt_masks.shape != logits.shape[2:]:
                    raise ValueError(
                        f'gt_masks {tuple(sample.gt_masks.shape)} of '
                        f'{sample.get("video_id", "a clip")} do not match '
                        f'the clip {tuple(logits.shape[2:])}')
            masks = torch.stack([s.gt_masks for s in data_samples]).long()
            return dict(loss_seg=self.loss_module(logits, masks))
        if mode == 'predict':
            for sample, probs in zip(data_samples, logits.softmax(1)[:, 1]):
                sample.pred_masks = probs
            return data_samples
        raise RuntimeError(f'invalid mode {mode!r}; expected loss, predict '
                           'or tensor')
