"""Discretized mixture of logistics over (a, b): hand-computed logistic
bin masses, normalisation over all bins, sampling."""
import numpy as np
import pytest
import torch

from mmcontinuity.models.colorization import DiscretizedMixLogisticLoss
from mmcontinuity.models.colorization.losses import \
    discretized_logistic_log_prob


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _params(logits, mean_a, mean_b, log_s_a, log_s_b, coeff_raw):
    """``(1, 6M)`` parameters from per-component lists."""
    return torch.tensor([logits + mean_a + mean_b + log_s_a + log_s_b +
                         coeff_raw], dtype=torch.float64)


def test_one_component_is_the_logistic_cdf_difference():
    loss = DiscretizedMixLogisticLoss(num_mixtures=1, num_bins=256,
                                      value_range=128.)
    mu_a, mu_b, s_a, s_b, c = 0.1, -0.3, 0.05, 0.2, 0.5
    params = _params([0.], [mu_a], [mu_b], [np.log(s_a)], [np.log(s_b)],
                     [np.arctanh(c)])
    half = 1 / 255
    for a_bin, b_bin in [(100, 30), (0, 128), (255, 255), (140, 0)]:
        a, b = -1 + 2 * a_bin / 255, -1 + 2 * b_bin / 255

        def mass(x, mu, s, k):
            upper = 1. if k == 255 else _sigmoid((x + half - mu) / s)
            lower = 0. if k == 0 else _sigmoid((x - half - mu) / s)
            return upper - lower

        expected = (mass(a, mu_a, s_a, a_bin) *
                    mass(b, mu_b + c * a, s_b, b_bin))
        ab = torch.tensor([[a, b]], dtype=torch.float64) * 128
        log_p = loss.log_prob(params, ab)
        np.testing.assert_allclose(log_p.exp().item(), expected, rtol=1e-6)


def test_tail_bins_are_finite_where_the_cdf_difference_underflows():
    # 60 scales away from the mean: sigma(x+d) - sigma(x-d) is 0 in float32
    x = torch.tensor([0.5])
    log_p = discretized_logistic_log_prob(x, torch.tensor([-0.1]),
                                          torch.log(torch.tensor([0.01])),
                                          256)
    assert torch.isfinite(log_p).all() and log_p.item() < -50


@pytest.mark.parametrize('num_bins', [256, 16])
def test_probabilities_over_all_bins_sum_to_one(num_bins):
    gen = torch.Generator().manual_seed(0)
    loss = DiscretizedMixLogisticLoss(num_mixtures=10, num_bins=num_bins)
    params = torch.randn(3, 60, generator=gen, dtype=torch.float64)
    params[:, 30:50] -= 2  # scales around exp(-2): peaked and wide parts
    centres = torch.linspace(-1, 1, num_bins, dtype=torch.float64) * 128
    a, b = torch.meshgrid(centres, centres, indexing='ij')
    ab = torch.stack([a.flatten(), b.flatten()])  # (2, K^2)
    for p in params:
        log_p = loss.log_prob(p[None, :, None].expand(1, 60, len(ab[0])),
                              ab[None])
        np.testing.assert_allclose(log_p.exp().sum().item(), 1., atol=1e-9)


def test_loss_value_weight_and_name():
    loss = DiscretizedMixLogisticLoss(num_mixtures=2, loss_weight=3.,
                                      loss_name='loss_emb')
    assert loss.num_params == 12
    params = torch.randn(2, 12, 4, 5)
    ab = torch.randn(2, 2, 4, 5) * 40
    out = loss(params, ab)
    assert list(out) == ['loss_emb']
    torch.testing.assert_close(out['loss_emb'],
                               -3 * loss.log_prob(params, ab).mean())
    with pytest.raises(ValueError, match='12 mixture parameters'):
        loss(params[:, :6], ab)


def test_normalize_rounds_to_bin_centres_and_clamps():
    loss = DiscretizedMixLogisticLoss(num_bins=5, value_range=100.)
    x = loss.normalize(torch.tensor([-130., -60., 0., 20., 40., 500.]))
    torch.testing.assert_close(x, torch.tensor([-1., -.5, 0., 0., .5, 1.]))


def test_sample_follows_weights_means_and_temperature():
    loss = DiscretizedMixLogisticLoss(num_mixtures=2, value_range=128.)
    # component 0 (weight 1/4) at a = -0.5, component 1 (3/4) at a = 0.5;
    # b's mean is mu_b + c a with c = tanh(atanh(0.5)) = 0.5, mu_b = 0
    params = _params([0., np.log(3.)], [-.5, .5], [0., 0.],
                     [np.log(.01)] * 2, [np.log(.01)] * 2,
                     [np.arctanh(.5)] * 2).float().expand(20000, 12)
    ab = loss.sample(params, generator=torch.Generator().manual_seed(0))
    a, b = ab[:, 0] / 128, ab[:, 1] / 128
    assert abs((a > 0).float().mean().item() - 0.75) < 0.02
    assert (a[a > 0] - 0.5).abs().median() < 0.02
    # b = 0.5 a + noise, on the bin grid
    assert ((b - 0.5 * a).abs() < 0.1).float().mean() > 0.99
    grid = (ab / 128 + 1) * 127.5
    torch.testing.assert_close(grid, grid.round(), atol=1e-4, rtol=0)
    # a lower temperature concentrates both the components and the values
    cold = loss.sample(params, temperature=0.1,
                       generator=torch.Generator().manual_seed(0))
    assert (cold[:, 0] > 0).float().mean() > 0.99
    assert cold[:, 0].std() < ab[cold[:, 0] > 0, 0].std() + 1e-6
    with pytest.raises(ValueError, match='temperature'):
        loss.sample(params, temperature=0.)
