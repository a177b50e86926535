"""The offset branch of dual learning (Sec. 5.3.3, Fig. 5.2 (b))."""
from mmaction.models.heads import I3DHead
from mmaction.registry import MODELS
from mmcv.cnn import ConvModule
from torch import nn


@MODELS.register_module()
class OffsetHead(I3DHead):
    """Classify a clip from the offsets an aligned convolution learned.

    The offsets (N, 2, 2, T, H, W) of an offset generator (backward and
    forward displacement fields, see ``offsets.py``), as C_off = 4 channels
    (N, 4, T, H, W), go through ``num_convs`` 3x3x3 ConvModules (BN, ReLU;
    the first with spatial stride 2), then I3DHead's global average pooling,
    dropout and linear classifier give the scores P2 (N, num_classes). The
    thesis does not describe the branch's layers: this small 3D CNN is our
    choice.

    Args:
        num_classes (int): number of classes.
        offset_channels (int): C_off, 2 directions x 2 components.
            Defaults to 4.
        channels (int): channels of the convolutions. Defaults to 64.
        num_convs (int): number of convolutions. Defaults to 2.
        norm_cfg (dict): normalisation of the convolutions.
        **kwargs: I3DHead arguments (``dropout_ratio``, ``average_clips``,
            ``loss_cls``, ...).
    """

    def __init__(self,
                 num_classes,
                 offset_channels=4,
                 channels=64,
                 num_convs=2,
                 norm_cfg=dict(type='BN3d'),
                 **kwargs):
        super().__init__(num_classes, channels, **kwargs)
        self.convs = nn.Sequential(*[
            ConvModule(
                offset_channels if i == 0 else channels,
                channels,
                3,
                stride=(1, 2, 2) if i == 0 else 1,
                padding=1,
                conv_cfg=dict(type='Conv3d'),
                norm_cfg=norm_cfg) for i in range(num_convs)
        ])

    def forward(self, offsets, **kwargs):
        """(N, 2, 2, T, H, W) offsets -> (N, num_classes) scores."""
        if offsets.dim() != 6:
            raise ValueError('OffsetHead expects offsets (N, 2, 2, T, H, W), '
                             f'got shape {tuple(offsets.shape)}')
        return super().forward(self.convs(offsets.flatten(1, 2)), **kwargs)
