"""Two-stream (RGB + optical flow) TubeR with mid-level fusion."""
import torch
from mmaction.registry import MODELS
from torch import Tensor

from .tuber import TubeR, last_feature


@MODELS.register_module()
class TwoStreamTubeR(TubeR):
    """TubeR on RGB + optical-flow clips with one backbone per stream.

    The clip channels ``[0, 3)`` (RGB) go through ``backbone`` and the
    channels ``[3, C)`` (flow x, y) through ``flow_backbone``; their last
    features, which must have the same (T', H', W'), are concatenated along
    channels before the projection, ``F_b = [F_rgb; F_flow]``
    (B, C_rgb + C_flow, T', H', W'), so ``in_channels`` is
    ``C_rgb + C_flow``. (A single backbone on the stacked channels, early
    fusion, is plain :class:`TubeR` with a C-channel backbone.)

    The RGB stream keeps TubeR's ``backbone.`` keys, so a recognizer
    checkpoint (e.g. Kinetics) loads into it as into TubeR.

    Args:
        flow_backbone (dict): backbone of the flow channels.
        **kwargs: the arguments of :class:`TubeR`.
    """

    def __init__(self, flow_backbone: dict, **kwargs) -> None:
        super().__init__(**kwargs)
        self.flow_backbone = MODELS.build(flow_backbone)

    def backbone_feat(self, inputs: Tensor) -> Tensor:
        """Concatenated RGB and flow features (B, C_rgb + C_flow, T', H',
        W') of (B, C, T, H, W) clips, C > 3."""
        if inputs.dim() != 5 or inputs.size(1) <= 3:
            raise ValueError('TwoStreamTubeR needs RGB + flow clips (B, C, '
                             f'T, H, W) with C > 3, got shape '
                             f'{tuple(inputs.shape)}')
        rgb = super().backbone_feat(inputs[:, :3])
        flow = last_feature(self.flow_backbone(inputs[:, 3:]))
        if rgb.shape[2:] != flow.shape[2:]:
            raise ValueError(
                f'the RGB and flow backbones give features of (T, H, W) '
                f'{tuple(rgb.shape[2:])} and {tuple(flow.shape[2:])}; '
                'they must match')
        return torch.cat([rgb, flow], 1)
