"""Trajectory-convolution baseline: flow -> offsets, and the layer fed with
the flow of a translated clip aligns it."""
import pytest
import torch
import torch.nn.functional as F
from mmcv.cnn import build_conv_layer
from mmengine.registry import DefaultScope
from torch import nn

import mmcontinuity  # noqa: F401
from mmcontinuity.models.aligned3d import (TrajectoryConv3d, flow_to_offsets,
                                           trajectory_flow)


def test_flow_to_offsets_resizes_scales_and_sums():
    """Uniform flow (x = 4, y = -2) per frame at 16 x 24 for a layer at
    8 x 8 seeing every 2nd frame: forward offsets (dy, dx) = 2 * (-2 / 2,
    4 / 3), backward = minus those, zero at the clip ends."""
    flow = torch.tensor([4.0, -2.0]).view(1, 2, 1, 1, 1).expand(
        1, 2, 6, 16, 24)
    offsets = flow_to_offsets(flow, 3, 8, 8)
    assert offsets.shape == (1, 2, 2, 3, 8, 8)
    forward = torch.tensor([-2.0, 8 / 3]).view(2, 1, 1, 1)
    torch.testing.assert_close(offsets[0, 1, :, :2],
                               forward.expand(2, 2, 8, 8))
    torch.testing.assert_close(offsets[0, 0, :, 1:],
                               -forward.expand(2, 2, 8, 8))
    assert not offsets[0, 1, :, 2].any() and not offsets[0, 0, :, 0].any()


def test_flow_to_offsets_errors():
    with pytest.raises(ValueError, match='multiple'):
        flow_to_offsets(torch.zeros(1, 2, 5, 4, 4), 2, 4, 4)


def test_trajectory_conv_aligns_translated_clip():
    """Frames moving by (1, -2) pixels per frame, flow = that motion: the
    output at inner slices equals the convolution of the static clip."""
    torch.manual_seed(0)
    content = torch.randn(1, 3, 24, 24)
    clip = torch.stack(
        [torch.roll(content, (t, -2 * t), (2, 3)) for t in range(4)], 2)
    flow = torch.tensor([-2.0, 1.0]).view(1, 2, 1, 1, 1).expand(
        1, 2, 4, 24, 24)
    with DefaultScope.overwrite_default_scope('mmaction'):
        layer = build_conv_layer(
            dict(type='TrajectoryConv3d'), 3, 2, 3, padding=1, bias=False)
    assert isinstance(layer, TrajectoryConv3d)
    with trajectory_flow(layer, flow):
        out = layer(clip)
    static = F.conv2d(clip[0].transpose(0, 1), layer.weight.sum(2), padding=1)
    torch.testing.assert_close(out[0, :, 1:-1, 4:-4, 4:-4],
                               static.transpose(0, 1)[:, 1:-1, 4:-4, 4:-4])
    assert layer.offsets.flow is None  # released after the block


def test_needs_flow_and_loads_conv3d():
    layer = TrajectoryConv3d(2, 2, 3, padding=1)
    vanilla = nn.Conv3d(2, 2, 3, padding=1)
    layer.load_state_dict(vanilla.state_dict())
    x = torch.randn(1, 2, 3, 5, 5)
    with pytest.raises(RuntimeError, match='trajectory_flow'):
        layer(x)
    with trajectory_flow(layer, torch.zeros(1, 2, 3, 5, 5)):
        torch.testing.assert_close(layer(x), vanilla(x))
    with pytest.raises(ValueError, match='no TrajectoryConv3d'):
        with trajectory_flow(vanilla, torch.zeros(1, 2, 3, 5, 5)):
            pass
