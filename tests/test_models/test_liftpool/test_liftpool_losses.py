"""lifting_losses: the regularisers of Eq. 3.6-3.8."""
import math

import pytest
import torch
import torch.nn as nn

from mmcontinuity.models.liftpool import (CDF53LiftDownPool2d,
                                          LiftDownPool1d, LiftDownPool2d,
                                          lifting_losses)


def zero_filters(layer):
    """P = U = tanh(0) = 0."""
    for p in layer.parameters():
        nn.init.zeros_(p)
    return layer


def centre_tap_filters(layer):
    """P(t) = U(t) = tanh(relu(t)) for one channel."""
    for f in (layer.predictor, layer.updater):
        nn.init.zeros_(f.conv.weight)
        f.conv.weight.data[0, 0, f.conv.weight.size(2) // 2] = 1
        nn.init.ones_(f.channel_conv.weight)
    return layer


def test_costs_of_a_1d_layer_hand_computed():
    layer = centre_tap_filters(LiftDownPool1d(1, groups=1, kernel_size=3))
    layer(torch.tensor([[[1., 2., 4., 8.]]]))
    # x_e = (1, 4), x_o = (2, 8)
    d = [2 - math.tanh(1), 8 - math.tanh(4)]
    s = [1 + math.tanh(d[0]), 4 + math.tanh(d[1])]
    c_u = ((s[0] - 2)**2 + (s[1] - 8)**2) / 2
    c_p = (d[0]**2 + d[1]**2) / 2
    assert layer.costs[0].item() == pytest.approx(c_u, rel=1e-6)
    assert layer.costs[1].item() == pytest.approx(c_p, rel=1e-6)
    losses = lifting_losses(layer)
    assert losses['loss_lift_u'].item() == pytest.approx(0.01 * c_u, 1e-6)
    assert losses['loss_lift_p'].item() == pytest.approx(0.1 * c_p, 1e-6)


def test_costs_of_a_2d_layer_sum_the_three_steps():
    """x = [[a, b], [c, e]] with P = U = 0: the horizontal step has
    x_e = (a, c), x_o = (b, e); the vertical ones (a | c) and (b | e)."""
    a, b, c, e = 1., 2., 4., 8.
    layer = zero_filters(LiftDownPool2d(1, groups=1, kernel_size=3))
    layer(torch.tensor([[[[a, b], [c, e]]]]))
    c_u = ((a - b)**2 + (c - e)**2) / 2 + (a - c)**2 + (b - e)**2
    c_p = (b**2 + e**2) / 2 + c**2 + e**2
    assert layer.costs[0].item() == pytest.approx(c_u)  # 53.5
    assert layer.costs[1].item() == pytest.approx(c_p)  # 114


def test_losses_sum_over_layers_with_weights():
    model = nn.Sequential(
        zero_filters(LiftDownPool2d(1, groups=1)),
        zero_filters(LiftDownPool2d(1, groups=1)))
    x = torch.tensor([[[[1., 2.], [4., 8.]]]]).repeat(1, 1, 2, 2)
    model(x)
    c_u = sum(m.costs[0] for m in model)
    c_p = sum(m.costs[1] for m in model)
    losses = lifting_losses(model, lambda_u=0.5, lambda_p=2.)
    assert set(losses) == {'loss_lift_u', 'loss_lift_p'}
    assert torch.allclose(losses['loss_lift_u'], 0.5 * c_u)
    assert torch.allclose(losses['loss_lift_p'], 2. * c_p)
    # 0 disables a term
    assert set(lifting_losses(model, lambda_u=0.)) == {'loss_lift_p'}
    assert lifting_losses(model, lambda_u=0., lambda_p=0.) == {}


def test_losses_backpropagate_into_the_filters():
    layer = LiftDownPool2d(2)
    layer(torch.randn(2, 2, 8, 8))
    sum(lifting_losses(layer).values()).backward()
    assert all(p.grad.abs().sum() > 0 for p in layer.parameters())


def test_only_training_forwards_record():
    layer = LiftDownPool2d(1, groups=1)
    assert lifting_losses(layer) == {}
    layer.eval()
    layer(torch.randn(1, 1, 4, 4))
    assert layer.costs is None
    layer.train()
    layer(torch.randn(1, 1, 4, 4))
    recorded = layer.costs
    layer.eval()
    layer(torch.randn(1, 1, 4, 4))
    assert layer.costs is recorded


def test_no_losses_without_learned_layers():
    assert lifting_losses(nn.Conv2d(1, 1, 1)) == {}
    fixed = CDF53LiftDownPool2d(1)
    fixed(torch.randn(1, 1, 4, 4))
    assert lifting_losses(fixed) == {}
