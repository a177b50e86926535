"""The functional lifting step (mmcontinuity.ops.lifting)."""
import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from mmcontinuity.ops.lifting import (cdf53_predict, cdf53_update,
                                      learned_lift_down, lift_down, lift_up,
                                      lifting_costs, lifting_filter,
                                      lifting_merge, lifting_split)


def random_filter(channels, kernel_size, groups=1, dtype=torch.float32):
    """A learned-style P or U with random weights."""
    weight = torch.randn(channels, channels // groups, kernel_size,
                         dtype=dtype)
    channel_weight = torch.randn(channels, dtype=dtype)
    return lambda t, dim: lifting_filter(t, weight, channel_weight, dim,
                                         groups)


def cdf53_reference(x):
    """Periodised CDF 5/3 analysis as a filter bank (not lifting): the 5-tap
    low-pass (-1, 2, 6, 2, -1) / 8 centred on the even samples and the 3-tap
    high-pass (-1, 2, -1) / 2 centred on the odd samples."""
    n = len(x)
    low = np.array([-1, 2, 6, 2, -1]) / 8
    high = np.array([-1, 2, -1]) / 2
    s = [sum(low[j + 2] * x[(2 * k + j) % n] for j in range(-2, 3))
         for k in range(n // 2)]
    d = [sum(high[j + 1] * x[(2 * k + 1 + j) % n] for j in range(-1, 2))
         for k in range(n // 2)]
    return np.array(s), np.array(d)


@pytest.mark.parametrize('size', [1, 2, 7, 8])
def test_split_and_merge(size):
    x = torch.arange(size, dtype=torch.float32).view(1, 1, size)
    x_e, x_o = lifting_split(x, -1)
    half = math.ceil(size / 2)
    assert x_e.flatten().tolist() == list(range(0, size, 2))
    # odd sizes: the odd part ends with a repeat of the last sample
    assert x_o.flatten().tolist() == list(range(1, size, 2)) + (
        [size - 1] if size % 2 else [])
    assert x_e.shape[-1] == x_o.shape[-1] == half
    assert torch.equal(lifting_merge(x_e, x_o, -1, size), x)


def test_split_along_height_is_a_view_for_even_sizes():
    x = torch.randn(2, 3, 6, 5)
    x_e, x_o = lifting_split(x, 2)
    assert x_e.data_ptr() == x.data_ptr()
    assert torch.equal(x_o, x[:, :, 1::2])


@pytest.mark.parametrize('shape,dim', [((2, 2, 9), -1), ((2, 4, 8), 2),
                                       ((2, 4, 7, 6), -2), ((2, 4, 6, 7), 3),
                                       ((1, 2, 5, 4, 3), 2)])
@pytest.mark.parametrize('kernel_size,groups', [(5, 1), (2, 2)])
def test_lift_up_inverts_lift_down(shape, dim, kernel_size, groups):
    torch.manual_seed(0)
    x = torch.randn(shape)
    predict = random_filter(shape[1], kernel_size, groups)
    update = random_filter(shape[1], kernel_size, groups)
    s, d = lift_down(x, predict, update, dim)
    assert s.shape == d.shape
    assert s.shape[dim] == math.ceil(shape[dim] / 2)
    x_rec = lift_up(s, d, predict, update, dim, shape[dim])
    assert torch.allclose(x_rec, x, atol=1e-5)
    # the details are not trivial: P and U do act
    assert not torch.allclose(d, lifting_split(x, dim)[1])


def test_lift_down_equations():
    """Eq. 3.2-3.3 with hand-picked P, U on x = (1, 2, 4, 8, 16)."""
    x = torch.tensor([[[1., 2., 4., 8., 16.]]])
    s, d = lift_down(x, lambda t, dim: 2 * t, lambda t, dim: t + 1, -1)
    # x_e = (1, 4, 16), x_o = (2, 8, 16): the last sample repeated
    assert d.flatten().tolist() == [0., 0., -16.]
    assert s.flatten().tolist() == [2., 5., 1.]


@pytest.mark.parametrize('n', [8, 16])
def test_cdf53_equals_filter_bank_and_pywavelets(n):
    torch.manual_seed(n)
    x = torch.randn(1, 1, n, dtype=torch.float64)
    s, d = lift_down(x, cdf53_predict, cdf53_update, -1)
    ref_s, ref_d = cdf53_reference(x.flatten().numpy())
    np.testing.assert_allclose(s.flatten().numpy(), ref_s, atol=1e-12)
    np.testing.assert_allclose(d.flatten().numpy(), ref_d, atol=1e-12)
    pywt = pytest.importorskip('pywt')
    c_a, c_d = pywt.dwt(x.flatten().numpy(), 'bior2.2', mode='periodization')
    # PyWavelets' normalisation: a = sqrt(2) s, d_pywt = -d / sqrt(2)
    np.testing.assert_allclose(s.flatten().numpy() * math.sqrt(2), c_a,
                               atol=1e-12)
    np.testing.assert_allclose(-d.flatten().numpy() / math.sqrt(2), c_d,
                               atol=1e-12)


def test_cdf53_zero_details_on_a_linear_ramp():
    x = (3 * torch.arange(12, dtype=torch.float64) - 5).view(1, 1, 12)
    s, d = lift_down(x, cdf53_predict, cdf53_update, -1)
    # all but the last detail, which predicts across the periodic wrap
    assert torch.allclose(d[..., :-1], torch.zeros(5, dtype=torch.float64))
    assert d[..., -1].abs() > 1
    # away from the wrap the approximation is the ramp at the even samples
    assert torch.allclose(s[..., 1:-1], x[..., 2:-2:2])


def test_lifting_costs_hand_computed():
    x = torch.tensor([[[1., 2., 4., 8.]]])
    s, d = lift_down(x, lambda t, dim: t, lambda t, dim: t / 2, -1)
    # x_e = (1, 4), x_o = (2, 8): d = (1, 4), s = (1.5, 6)
    c_u, c_p = lifting_costs(x, s, d, -1)
    assert c_u.item() == pytest.approx((0.5**2 + 2**2) / 2)
    assert c_p.item() == pytest.approx((1 + 4**2) / 2)


@pytest.mark.parametrize('kernel_size', [3, 4])
def test_lifting_filter_equals_conv_along_each_dim(kernel_size):
    torch.manual_seed(1)
    x = torch.randn(2, 4, 6, 7)
    weight = torch.randn(4, 2, kernel_size)
    channel_weight = torch.randn(4)
    before = (kernel_size - 1) // 2
    after = kernel_size - 1 - before
    for dim, kernel, pad in ((3, (1, kernel_size), (before, after, 0, 0)),
                             (2, (kernel_size, 1), (0, 0, before, after))):
        ref = F.conv2d(F.pad(x, pad), weight.view(4, 2, *kernel), groups=2)
        ref = torch.tanh(channel_weight.view(4, 1, 1) * ref.relu())
        out = lifting_filter(x, weight, channel_weight, dim, groups=2)
        assert torch.allclose(out, ref, atol=1e-6)


def test_gradcheck():
    torch.manual_seed(2)
    x = torch.randn(1, 2, 5, 4, dtype=torch.float64, requires_grad=True)
    weight = torch.randn(2, 2, 3, dtype=torch.float64, requires_grad=True)
    channel_weight = torch.randn(2, dtype=torch.float64, requires_grad=True)

    def f(x, weight, channel_weight):
        def p(t, dim):
            return lifting_filter(t, weight, channel_weight, dim)

        s, d = lift_down(x, p, p, -2)
        return lift_up(s * 0.5, d, p, p, -2, 5), s, d

    assert torch.autograd.gradcheck(f, (x, weight, channel_weight))


@pytest.mark.parametrize('shape,dim', [((2, 4, 9), -1), ((2, 4, 7, 6), -2),
                                       ((2, 4, 6, 8), 3),
                                       ((1, 2, 5, 4, 3), 2)])
@pytest.mark.parametrize('kernel_size,groups', [(5, 2), (4, 1)])
@pytest.mark.parametrize('used', ['bands', 'costs', 'both', 'details'])
def test_learned_lift_down_equals_the_plain_step(shape, dim, kernel_size,
                                                 groups, used):
    """The fused step against lift_down with lifting_filter's P and U and
    lifting_costs, all through autograd: values and gradients (x, weights,
    channel weights), for odd and even sizes and K, whatever the loss
    uses."""
    torch.manual_seed(3)
    channels = shape[1]
    x = torch.randn(shape, dtype=torch.float64, requires_grad=True)
    params = [
        torch.randn(*size, dtype=torch.float64, requires_grad=True)
        for size in [(channels, channels // groups, kernel_size),
                     (channels, )] * 2
    ]

    def plain(t, dim):
        p, u = (lambda t, dim, w=w, a=a: lifting_filter(t, w, a, dim, groups)
                for w, a in (params[:2], params[2:]))
        s, d = lift_down(t, p, u, dim)
        return torch.stack([s, d]), lifting_costs(t, s, d, dim)

    def fused(t, dim):
        return learned_lift_down(t, params[:2], params[2:], dim, groups,
                                 return_costs=True)

    weights = torch.randn(2, *lifting_split(x, dim)[0].shape,
                          dtype=torch.float64)
    if used == 'details':
        weights[0] = 0
    results = []
    for step in (plain, fused):
        sd, (c_u, c_p) = step(x, dim)
        loss = {
            'bands': (weights * sd).sum(),
            'details': (weights[1] * sd[1]).sum(),
            'costs': 3 * c_u + 5 * c_p,
            'both': (weights * sd).sum() + 3 * c_u + 5 * c_p
        }[used]
        results.append([sd, c_u, c_p,
                        *torch.autograd.grad(loss, [x, *params])])
    for ref, ours in zip(*results):
        assert torch.allclose(ours, ref, rtol=0, atol=1e-10)
    sd = learned_lift_down(x, params[:2], params[2:], dim, groups)
    assert torch.allclose(sd, results[0][0], rtol=0, atol=1e-10)


def test_learned_lift_down_gradcheck():
    torch.manual_seed(4)
    x = torch.randn(1, 2, 5, 4, dtype=torch.float64, requires_grad=True)
    params = [
        torch.randn(*size, dtype=torch.float64, requires_grad=True)
        for size in [(2, 1, 3), (2, ), (2, 1, 2), (2, )]
    ]

    def f(x, *params):
        sd, costs = learned_lift_down(x, params[:2], params[2:], -2, 2,
                                      return_costs=True)
        return sd, *costs

    assert torch.autograd.gradcheck(f, (x, *params))


def test_argument_errors():
    x = torch.randn(2, 3, 4)
    with pytest.raises(ValueError, match='not a spatial dim'):
        lifting_split(x, 1)
    with pytest.raises(ValueError, match='not a spatial dim'):
        lifting_split(x, 3)
    with pytest.raises(ValueError, match=r'\(N, C, \*spatial\)'):
        lifting_split(torch.randn(3, 4), -1)
    with pytest.raises(ValueError, match='does not split'):
        lifting_merge(x, x, -1, 10)
    with pytest.raises(ValueError, match='differ in shape'):
        lift_up(x, x[..., :2], cdf53_predict, cdf53_update, -1, 8)
    with pytest.raises(ValueError, match='does not fit 3 channels'):
        lifting_filter(x, torch.randn(3, 2, 5), torch.randn(3), -1)
