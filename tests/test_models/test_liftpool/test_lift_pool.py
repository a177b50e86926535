"""LiftDownPool / LiftUpPool layers (thesis Sec. 3.2, App. A)."""
import copy
import math

import numpy as np
import pytest
import torch
import torch.nn as nn

from mmcontinuity.models.liftpool import (CDF53LiftDownPool1d,
                                          CDF53LiftDownPool2d, LiftBands,
                                          LiftDownPool1d, LiftDownPool2d,
                                          LiftUpPool1d, LiftUpPool2d)

BANDS = ('LL', 'LH', 'HL', 'HH')


def randomise(layer, seed=0):
    """Random P/U weights large enough that the filters are far from 0."""
    torch.manual_seed(seed)
    for p in layer.parameters():
        nn.init.normal_(p, std=1.0)
    return layer


@pytest.mark.parametrize('size', [(8, 10), (7, 9), (6, 5), (1, 1), (2, 3)])
@pytest.mark.parametrize('kernel_size,groups', [(5, 1), (4, 2), (3, 4)])
def test_lift_up_pool_2d_inverts(size, kernel_size, groups):
    down = randomise(LiftDownPool2d(4, kernel_size, groups))
    x = torch.randn(2, 4, *size)
    bands = down.decompose(x)
    half = tuple(math.ceil(n / 2) for n in size)
    assert all(b.shape == (2, 4, *half) for b in bands[:4])
    assert bands.size == size
    assert torch.allclose(LiftUpPool2d(down)(bands.ll, bands), x, atol=1e-5)


@pytest.mark.parametrize('length', [1, 6, 9])
def test_lift_up_pool_1d_inverts(length):
    down = randomise(LiftDownPool1d(3, groups=1, kernel_size=3))
    x = torch.randn(2, 3, length)
    bands = down.decompose(x)
    assert bands.l.shape == bands.h.shape == (2, 3, math.ceil(length / 2))
    assert torch.allclose(LiftUpPool1d(down)(bands.l, bands), x, atol=1e-5)


def test_lift_up_pool_uses_the_given_low_band():
    """SegNet's decoder: ``up(ll, bands)`` inverts with ``ll`` in place of
    the recorded LL, which only changes the output through it."""
    down = randomise(LiftDownPool2d(2, kernel_size=3))
    x = torch.randn(1, 2, 6, 6)
    bands = down.decompose(x)
    up = LiftUpPool2d(down)
    out = up(bands.ll + 1, bands)
    assert not torch.allclose(out, x, atol=1e-3)
    assert torch.allclose(down.decompose(out).ll, bands.ll + 1, atol=1e-5)


def test_down_pool_2d_is_three_1d_steps():
    """The 2-D layer = the 1-D layer (same P, U) along W, then along H on
    both halves; LL/LH/HL/HH by construction."""
    down = randomise(LiftDownPool2d(3, groups=1, kernel_size=3))
    down1d = LiftDownPool1d(3, groups=1, kernel_size=3)
    down1d.load_state_dict(down.state_dict())
    x = torch.randn(2, 3, 6, 8)

    def lift_rows(t):  # 1-D lifting along W of every row
        n, c, h, w = t.shape
        b = down1d.decompose(t.permute(0, 2, 1, 3).reshape(n * h, c, w))
        return [
            v.reshape(n, h, c, -1).permute(0, 2, 1, 3) for v in b[:2]
        ]

    def lift_columns(t):
        return [v.transpose(2, 3) for v in lift_rows(t.transpose(2, 3))]

    s, d = lift_rows(x)
    ll, lh = lift_columns(s)
    hl, hh = lift_columns(d)
    bands = down.decompose(x)
    for ours, ref in zip(bands, (ll, lh, hl, hh)):
        assert torch.allclose(ours, ref, atol=1e-6)


def test_cdf53_2d_equals_pywavelets_dwt2():
    pywt = pytest.importorskip('pywt')
    x = torch.randn(2, 3, 8, 12, dtype=torch.float64)
    bands = CDF53LiftDownPool2d(3).decompose(x)
    for i in range(2):
        for c in range(3):
            c_a, (c_h, c_v, c_d) = pywt.dwt2(
                x[i, c].numpy(), 'bior2.2', mode='periodization')
            np.testing.assert_allclose(bands.ll[i, c], c_a / 2, atol=1e-12)
            np.testing.assert_allclose(bands.lh[i, c], -c_h, atol=1e-12)
            np.testing.assert_allclose(bands.hl[i, c], -c_v, atol=1e-12)
            np.testing.assert_allclose(bands.hh[i, c], 2 * c_d, atol=1e-12)


def test_cdf53_2d_zero_details_on_a_linear_ramp():
    h = torch.arange(10, dtype=torch.float64).view(10, 1)
    w = torch.arange(12, dtype=torch.float64).view(1, 12)
    x = (2 * h - 3 * w + 1).expand(1, 1, 10, 12)
    bands = CDF53LiftDownPool2d(1).decompose(x)
    # away from the periodic wrap (last row / column of the bands)
    for band in bands[1:4]:
        assert band[..., :-1, :-1].abs().max() < 1e-12
    assert bands.hl[..., :-1, -1].abs().min() > 1


def test_cdf53_has_no_parameters_and_inverts_odd_sizes():
    down = CDF53LiftDownPool2d(2)
    assert not list(down.parameters())
    x = torch.randn(1, 2, 7, 5)
    bands = down.decompose(x)
    assert torch.allclose(LiftUpPool2d(down)(bands.ll, bands), x, atol=1e-5)
    down1d = CDF53LiftDownPool1d(2)
    bands = down1d.decompose(x[..., 0])
    assert torch.allclose(
        LiftUpPool1d(down1d)(bands.l, bands), x[..., 0], atol=1e-5)


@pytest.mark.parametrize('sub_bands', [BANDS, ('LH', 'HH'), ('HL', )])
@pytest.mark.parametrize('size', [(8, 12), (7, 5), (1, 1), (2, 3)])
def test_cdf53_forward_convolution_equals_the_lifting_steps(sub_bands, size):
    """The fixed layer's forward (one strided depthwise convolution) equals
    the sum of its lifted sub-bands, values and gradients."""
    down = CDF53LiftDownPool2d(3, sub_bands=sub_bands).double()
    gradcheck_down = CDF53LiftDownPool2d(1, sub_bands=sub_bands).double()
    x = torch.randn(2, 3, *size, dtype=torch.float64, requires_grad=True)
    out = down(x)
    bands = down.decompose(x)
    ref = sum(getattr(bands, b.lower()) for b in sub_bands)
    assert torch.allclose(out, ref, atol=1e-12)
    grad = torch.randn_like(out)
    assert torch.allclose(
        torch.autograd.grad(out, x, grad)[0],
        torch.autograd.grad(ref, x, grad)[0],
        atol=1e-12)
    x_small = x.detach()[:1, :1, :5, :4].requires_grad_()
    assert torch.autograd.gradcheck(gradcheck_down, (x_small, ))


@pytest.mark.parametrize('sub_bands', [('LL', ), ('HL', ), ('LH', 'HH'),
                                       BANDS])
def test_sub_band_selection(sub_bands):
    down = randomise(LiftDownPool2d(3, groups=1, sub_bands=sub_bands))
    x = torch.randn(2, 3, 9, 6)
    bands = down.decompose(x)
    out = down(x)
    assert out.shape == (2, 3, 5, 3)
    assert torch.allclose(
        out, sum(getattr(bands, b.lower()) for b in sub_bands), atol=1e-6)


def test_sub_bands_1d():
    down = LiftDownPool1d(2, sub_bands=('H', ))
    x = torch.randn(1, 2, 7)
    assert torch.equal(down(x), down.decompose(x).h)


@pytest.mark.parametrize('sub_bands', [(), ('LL', 'LL'), ('L', ), ('ll', )])
def test_invalid_sub_bands(sub_bands):
    with pytest.raises(ValueError, match='non-empty subset'):
        LiftDownPool2d(3, groups=1, sub_bands=sub_bands)


@pytest.mark.parametrize('channels,kernel_size,groups', [(64, 5, 1),
                                                         (64, 2, 4),
                                                         (6, 7, 3)])
def test_parameter_count(channels, kernel_size, groups):
    """Sec. 3.4.2: P and U have C/G1 * C * K + G2 parameters each, G2 = C;
    the 2-D layer shares them over its three steps."""
    expected = 2 * (channels // groups * channels * kernel_size + channels)
    for layer in (LiftDownPool2d(channels, kernel_size, groups),
                  LiftDownPool1d(channels, kernel_size, groups)):
        assert sum(p.numel() for p in layer.parameters()) == expected


def test_parameter_count_of_the_default_layer():
    """G1 = 2 by default: 2 (64 / 2 * 64 * 5 + 64)."""
    assert sum(p.numel() for p in LiftDownPool2d(64).parameters()) == 20608


def test_groups_must_divide_channels():
    with pytest.raises(ValueError, match='3 channels, 2 groups'):
        LiftDownPool2d(3)


def test_gradcheck():
    down = randomise(LiftDownPool2d(2, kernel_size=3)).double()
    up = LiftUpPool2d(down)
    x = torch.randn(1, 2, 5, 4, dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(down, (x, ))

    def down_up(x, ll_scale):
        bands = down.decompose(x)
        return up(bands.ll * ll_scale, bands)

    scale = torch.tensor(0.7, dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(down_up, (x, scale))
    # the gradient reaches P's and U's parameters
    down(x).sum().backward()
    assert all(p.grad is not None and p.grad.abs().sum() > 0
               for p in down.parameters())


class EncoderDecoder(nn.Module):

    def __init__(self):
        super().__init__()
        self.encoder = nn.ModuleList(
            [LiftDownPool2d(2, kernel_size=3),
             LiftDownPool2d(2)])
        self.decoder = nn.ModuleList([LiftUpPool2d(d) for d in self.encoder])

    def forward(self, x):
        recorded = []
        for down in self.encoder:
            bands = down.decompose(x)
            recorded.append(bands)
            x = bands.ll
        for up, bands in zip(self.decoder[::-1], recorded[::-1]):
            x = up(x, bands)
        return x


def test_paired_up_pool_shares_without_duplicating():
    model = EncoderDecoder()
    keys = list(model.state_dict())
    assert len(keys) == len(set(keys)) == 8
    assert all(k.startswith('encoder.') for k in keys)
    assert not list(model.decoder.parameters())
    x = torch.randn(1, 2, 9, 8)
    assert torch.allclose(model(x), x, atol=1e-5)
    # a copy after a training forward pairs its own layers, without the
    # recorded costs (graph tensors)
    assert model.encoder[0].costs is not None
    clone = copy.deepcopy(model)
    assert clone.encoder[0].costs is None
    assert clone.decoder[0].down is clone.encoder[0]
    assert clone.decoder[0].down is not model.encoder[0]
    model.load_state_dict(clone.state_dict())


@pytest.mark.parametrize('scope', ['mmpretrain', 'mmseg', 'mmdet', 'mmaction'])
def test_build_from_library_registries(scope):
    import importlib
    registry = importlib.import_module(f'{scope}.registry').MODELS
    down = registry.build(
        dict(type='LiftDownPool2d', in_channels=4, kernel_size=3,
             sub_bands=('LL', 'HL')))
    assert isinstance(down, LiftDownPool2d)
    assert down.sub_bands == ('LL', 'HL')
    assert isinstance(
        registry.build(dict(type='CDF53LiftDownPool2d', in_channels=4)),
        CDF53LiftDownPool2d)
    up = registry.build(dict(type='LiftUpPool2d', down=down))
    assert up.down is down


def test_build_up_pool_through_mmcv():
    from mmcv.cnn import build_upsample_layer
    down = LiftDownPool2d(3, groups=1)
    up = build_upsample_layer(dict(type='LiftUpPool2d'), down=down)
    x = torch.randn(1, 3, 6, 6)
    bands = down.decompose(x)
    assert torch.allclose(up(bands.ll, bands), x, atol=1e-5)


def test_input_errors():
    down = LiftDownPool2d(3, groups=1)
    with pytest.raises(ValueError, match=r'LiftDownPool2d with in_channels=3'):
        down(torch.randn(1, 4, 6, 6))
    with pytest.raises(ValueError, match=r'LiftDownPool2d with in_channels=3'):
        down(torch.randn(3, 6, 6))
    with pytest.raises(TypeError, match='pairs with a LiftDownPool2d'):
        LiftUpPool2d(LiftDownPool1d(3, groups=1))
    with pytest.raises(TypeError, match='pairs with a LiftDownPool1d'):
        LiftUpPool1d(down)
    bands = down.decompose(torch.randn(1, 3, 6, 6))
    with pytest.raises(ValueError, match='differ in shape'):
        LiftUpPool2d(down)(bands.ll[..., :2], bands)
    assert isinstance(bands, LiftBands)
