"""Trajectory-convolution baseline (Eq. 5.7, Table 5.2): the offsets of the
aligned convolution come from optical flow instead of being learned.

How the flow reaches the layer: the backbone (or recognizer) that receives
the clip's flow runs its forward inside ``with trajectory_flow(self,
flow):``, which hands the (N, 2, T, H, W) flow to every
:class:`FlowOffsets` below it for the duration of the forward. Each
:class:`TrajectoryConv3d` turns it into offsets at its own resolution, so
the layers stay drop-in ``nn.Conv3d`` replacements (``conv_cfg=dict(
type='TrajectoryConv3d')``) and the flow is not threaded through the
intermediate blocks.

Flow convention (``mmcontinuity.datasets.flow_io``, dequantised): channel 0
is x (along W), channel 1 is y (along H), in pixels of the clip, and frame t
holds the displacement from frame t to t + 1 (the last frame repeats the
previous flow). Thus the forward offsets are Delta_{t,t+1} = (flow_y,
flow_x)_t and, with no backward flow stored, the backward offsets are
approximated by Delta_{t,t-1}(p) = -flow_{t-1}(p) (exact for a locally
constant flow). The thesis computes both flows with FlowNet2.

Like Eq. 5.7, the neighbouring slices are read along the flow; for a
spatial kernel the layer warps them by the flow field and then convolves
(the patch-to-point form): for a (3, 1, 1) kernel this is exactly Eq. 5.7.
"""
from contextlib import contextmanager
from typing import Optional

import torch
import torch.nn.functional as F
from mmengine.registry import MODELS
from torch import Tensor, nn

from .aligned_conv import BaseAlignedConv3d


def flow_to_offsets(flow: Tensor, num_frames: int, height: int,
                    width: int) -> Tensor:
    """Offsets of a layer with ``num_frames`` x ``height`` x ``width``
    features from the clip's flow.

    The flow is resized bilinearly to (height, width) and its displacements
    scaled by the resize factors; when the layer sees every k-th frame
    (T_flow = k ``num_frames``, after temporal strides), the flows of the k
    frame steps between two of its slices are summed (no composition along
    the path: a linear approximation of the k-step trajectory).

    Args:
        flow (Tensor): (N, 2 (x, y), T_flow, H_flow, W_flow).
        num_frames, height, width (int): the layer input's T, H, W.

    Returns:
        Tensor: (N, 2, 2, T, H, W) offsets (see ``offsets.py``).
    """
    n, c, t_flow, h_flow, w_flow = flow.shape
    if c != 2 or t_flow % num_frames:
        raise ValueError(
            'flow must be (N, 2, T_flow, H, W) with T_flow a multiple of '
            f'the {num_frames} frames of the layer, got {tuple(flow.shape)}')
    step = t_flow // num_frames
    # (N, 2, T, H_flow, W_flow): displacement from slice t to t + 1
    flow = flow.unflatten(2, (num_frames, step)).sum(3)
    flow = F.interpolate(
        flow.transpose(1, 2).flatten(0, 1), (height, width),
        mode='bilinear',
        align_corners=False)
    scale = flow.new_tensor([width / w_flow, height / h_flow])
    # (N, T, 2 (dy, dx), H, W)
    forward = (flow * scale.view(1, 2, 1, 1)).flip(1).unflatten(0, (n, -1))
    backward = -F.pad(forward[:, :-1], (0, 0, 0, 0, 0, 0, 1, 0))
    forward = F.pad(forward[:, :-1], (0, 0, 0, 0, 0, 0, 0, 1))
    return torch.stack([backward, forward], 1).transpose(2, 3)


@MODELS.register_module()
class FlowOffsets(nn.Module):
    """Offsets from the flow handed over by :func:`trajectory_flow`.

    No parameters; its forward maps the layer input (N, C, T, H, W) to
    (N, 2, 2, T, H, W) offsets (:func:`flow_to_offsets`), hookable like the
    learned generators.
    """

    def __init__(self):
        super().__init__()
        self.flow: Optional[Tensor] = None

    def forward(self, x: Tensor) -> Tensor:
        if self.flow is None:
            raise RuntimeError(
                'FlowOffsets needs the clip\'s optical flow: run the model '
                'inside `with trajectory_flow(model, flow):`')
        if self.flow.size(0) != x.size(0):
            raise ValueError(f'flow of {self.flow.size(0)} clips for '
                             f'features of {x.size(0)} clips')
        return flow_to_offsets(self.flow, *x.shape[2:])


@contextmanager
def trajectory_flow(model: nn.Module, flow: Tensor):
    """Hand ``flow`` (N, 2, T, H, W) to every :class:`FlowOffsets` in
    ``model`` for the duration of the ``with`` block."""
    layers = [m for m in model.modules() if isinstance(m, FlowOffsets)]
    if not layers:
        raise ValueError(f'{type(model).__name__} has no TrajectoryConv3d '
                         '(no FlowOffsets) to hand the flow to')
    for layer in layers:
        layer.flow = flow
    try:
        yield
    finally:
        for layer in layers:
            layer.flow = None


@MODELS.register_module()
class TrajectoryConv3d(BaseAlignedConv3d):
    """Aligned 3D convolution along optical flow (Eq. 5.7 baseline).

    A drop-in ``nn.Conv3d`` (``kernel_size[0] == 3``, same arguments, same
    ``weight``/``bias``) whose child ``offsets`` is a :class:`FlowOffsets`;
    call it inside :func:`trajectory_flow`.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs, offsets=FlowOffsets())
