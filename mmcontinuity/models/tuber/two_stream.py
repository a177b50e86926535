"""Two-stream (RGB + optical flow) backbone with mid-level fusion."""
import torch
from mmaction.registry import MODELS
from mmengine.model import BaseModule
from torch import Tensor


def last_feature(feats) -> Tensor:
    """The last output of a backbone that returns one tensor or several."""
    return feats[-1] if isinstance(feats, (tuple, list)) else feats


@MODELS.register_module()
class TwoStreamBackbone(BaseModule):
    """RGB and flow streams whose features are concatenated along channels.

    The clip channels ``[0, 3)`` (RGB) go through ``rgb`` and the channels
    ``[3, C)`` (flow x, y) through ``flow``; their last features, which must
    have the same (T', H', W'), are concatenated:
    ``F_b = [F_rgb; F_flow]`` (B, C_rgb + C_flow, T', H', W'). A detector
    with this backbone projects ``C_rgb + C_flow`` channels.

    Args:
        rgb (dict): backbone of the RGB channels.
        flow (dict): backbone of the flow channels.
    """

    def __init__(self, rgb: dict, flow: dict, init_cfg=None) -> None:
        super().__init__(init_cfg=init_cfg)
        self.rgb = MODELS.build(rgb)
        self.flow = MODELS.build(flow)

    def forward(self, inputs: Tensor) -> Tensor:
        """(B, C, T, H, W) RGB + flow clips, C > 3 -> (B, C_rgb + C_flow,
        T', H', W')."""
        if inputs.size(1) <= 3:
            raise ValueError('TwoStreamBackbone needs RGB + flow clips (C > '
                             f'3), got {inputs.size(1)} channels')
        rgb = last_feature(self.rgb(inputs[:, :3]))
        flow = last_feature(self.flow(inputs[:, 3:]))
        if rgb.shape[2:] != flow.shape[2:]:
            raise ValueError(
                f'the RGB and flow backbones give features of (T, H, W) '
                f'{tuple(rgb.shape[2:])} and {tuple(flow.shape[2:])}; '
                'they must match')
        return torch.cat([rgb, flow], 1)
