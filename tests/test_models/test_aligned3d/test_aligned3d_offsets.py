"""Offset generators: layout (direction, (dy, dx), T), pairing of the
slices, zero initialisation and boundaries, registration."""
import pytest
import torch
import torch.nn.functional as F
from mmengine.registry import MODELS

import mmcontinuity  # noqa: F401
from mmcontinuity.ops.correlation import local_correlation


def test_zero_initialised_and_shape():
    x = torch.randn(2, 4, 5, 6, 7)
    for cfg in (dict(type='CorrelationOffsets', max_displacement=2),
                dict(type='ConcatOffsets')):
        offsets = MODELS.build(dict(cfg, in_channels=4))(x)
        assert offsets.shape == (2, 2, 2, 5, 6, 7) and not offsets.any()


def test_correlation_offsets_pair_each_slice_with_its_neighbours():
    """Stride 1, identity embedding and a hand-set 1x1 path: dy =
    correlation channel k of (F_t, F_{t+dt}), dx = channel 0 of F_t (+ 0.5
    bias); boundary offsets are zero."""
    torch.manual_seed(0)
    d, c, k = 1, 3, 5
    gen = MODELS.build(
        dict(
            type='CorrelationOffsets',
            in_channels=c,
            max_displacement=d,
            feat_channels=c,
            stride=1))
    with torch.no_grad():
        gen.embed.weight.copy_(torch.eye(c).view(c, c, 1, 1, 1))
        gen.embed.bias.zero_()
        gen.conv.weight[0, k, 1, 1] = 1
        gen.conv.weight[1, (2 * d + 1)**2, 1, 1] = 1
        gen.conv.bias[1] = 0.5
    x = torch.randn(2, c, 4, 5, 6)
    out = gen(x)
    for t in range(4):
        for direction, dt in ((0, -1), (1, 1)):
            if not 0 <= t + dt < 4:
                assert not out[:, direction, :, t].any()
                continue
            corr = local_correlation(x[:, :, t], x[:, :, t + dt], d)
            torch.testing.assert_close(out[:, direction, 0, t], corr[:, k])
            torch.testing.assert_close(out[:, direction, 1, t],
                                       x[:, 0, t] + 0.5)


def test_strided_offsets_are_upsampled_and_scaled():
    """Stride 2: the embedding averages 2x2 blocks of channel 0; dy =
    correlation channel k of the embedded slices, dx = 0.25 (bias). The
    offsets are the coarse ones up-sampled bilinearly to H x W and doubled
    (a constant 0.25 becomes 0.5 pixels of F)."""
    torch.manual_seed(0)
    d, c, k = 1, 3, 2
    gen = MODELS.build(
        dict(
            type='CorrelationOffsets',
            in_channels=c,
            max_displacement=d,
            feat_channels=1,
            stride=2))
    with torch.no_grad():
        gen.embed.weight.zero_()
        gen.embed.weight[0, 0] = 0.25
        gen.embed.bias.zero_()
        gen.conv.weight[0, k, 1, 1] = 1
        gen.conv.bias[1] = 0.25
    x = torch.randn(2, c, 3, 8, 6)
    out = gen(x)
    assert out.shape == (2, 2, 2, 3, 8, 6)
    embedded = F.avg_pool3d(x[:, :1], (1, 2, 2))
    for t, dt, direction in ((0, 1, 1), (2, -1, 0)):
        coarse = local_correlation(embedded[:, :, t], embedded[:, :, t + dt],
                                   d)[:, k:k + 1]
        expected = 2 * F.interpolate(
            coarse, size=(8, 6), mode='bilinear', align_corners=False)
        torch.testing.assert_close(out[:, direction, 0, t], expected[:, 0])
        torch.testing.assert_close(out[:, direction, 1, t],
                                   torch.full((2, 8, 6), 0.5))
    assert not out[:, 0, :, 0].any() and not out[:, 1, :, 2].any()
    with pytest.raises(ValueError, match='smaller than the stride'):
        gen(torch.zeros(1, c, 2, 1, 4))


def test_concat_offsets_layout():
    """A hand-set 1x1 path: backward dy = channel 0 of F_{t-1}, forward dx
    = channel 1 of F_{t+1}, zero towards slices outside the clip."""
    torch.manual_seed(0)
    c = 2
    gen = MODELS.build(dict(type='ConcatOffsets', in_channels=c))
    with torch.no_grad():
        gen.conv.weight[0, 0, 1, 1] = 1  # [F_{t-1}, F_t, F_{t+1}][0]
        gen.conv.weight[3, 2 * c + 1, 1, 1] = 1
    x = torch.randn(1, c, 3, 4, 4)
    out = gen(x)
    torch.testing.assert_close(out[:, 0, 0, 1:], x[:, 0, :-1])
    torch.testing.assert_close(out[:, 1, 1, :-1], x[:, 1, 1:])
    assert not out[:, 0, :, 0].any() and not out[:, 1, :, -1].any()
    assert not out[:, 0, 1].any() and not out[:, 1, 0].any()


def test_single_slice_and_gradients():
    torch.manual_seed(0)
    gen = MODELS.build(dict(type='CorrelationOffsets', in_channels=2))
    assert not gen(torch.randn(1, 2, 1, 4, 4)).any()
    x = torch.randn(1, 2, 3, 4, 4)
    gen(x).sum().backward()
    assert gen.conv.weight.grad.abs().sum() > 0


@pytest.mark.parametrize('type', ['CorrelationOffsets', 'ConcatOffsets'])
def test_wrong_channels(type):
    gen = MODELS.build(dict(type=type, in_channels=4))
    with pytest.raises(ValueError, match=r'\(N, 4, T, H, W\)'):
        gen(torch.zeros(1, 3, 2, 4, 4))
