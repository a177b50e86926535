"""Discretized mixture of logistics over (a, b), b conditioned on a
(Salimans et al., PixelCNN++, ICLR 2017), the distribution of L_emb and
L_gen (Sec. 2.3.3, Eq. 2.6)."""
import torch
import torch.nn as nn
import torch.nn.functional as F
from mmseg.registry import MODELS

# parameters per mixture component: logit of the weight, means of a and b,
# log-scales of a and b, coefficient of a in the mean of b
_PARAMS_PER_COMPONENT = 6
_MIN_LOG_SCALE = -7.0


def _split_params(params, num_mixtures):
    """``(B, 6M, *S)`` -> six ``(B, M, *S)`` tensors; coefficient in (-1,
    1), log-scales clamped below at -7."""
    if params.shape[1] != _PARAMS_PER_COMPONENT * num_mixtures:
        raise ValueError(f'expected {_PARAMS_PER_COMPONENT * num_mixtures} '
                         f'mixture parameters in dim 1 for {num_mixtures} '
                         f'components, got {tuple(params.shape)}')
    logits, mean_a, mean_b, log_s_a, log_s_b, coeff = params.chunk(
        _PARAMS_PER_COMPONENT, dim=1)
    return (logits, mean_a, mean_b, log_s_a.clamp(min=_MIN_LOG_SCALE),
            log_s_b.clamp(min=_MIN_LOG_SCALE), torch.tanh(coeff))


def discretized_logistic_log_prob(x, mean, log_scale, num_bins):
    """Log-probability of the bin of ``x`` under a logistic discretized to
    ``num_bins`` bins of width ``2 / (num_bins - 1)`` centred on
    ``-1, ..., 1``; the edge bins take the tails:

    P(x) = sigma((x + d - mu) / s) - sigma((x - d - mu) / s), d = 1 / (K-1),

    computed as log sigma(p) + log sigma(-m) + log(1 - exp(m - p)) (exact,
    no underflow in the tails), log sigma(p) at x = -1 and log sigma(-m)
    at x = 1.

    Args:
        x (torch.Tensor): Bin centres in [-1, 1].
        mean (torch.Tensor): mu, broadcastable with ``x``.
        log_scale (torch.Tensor): log s, broadcastable with ``x``.
        num_bins (int): K.

    Returns:
        torch.Tensor: log P(x), the broadcast shape.
    """
    inv_scale = torch.exp(-log_scale)
    half_bin = 1.0 / (num_bins - 1)
    plus = inv_scale * (x - mean + half_bin)
    minus = inv_scale * (x - mean - half_bin)
    log_cdf_plus = F.logsigmoid(plus)
    log_sf_minus = F.logsigmoid(-minus)
    log_mass = (log_cdf_plus + log_sf_minus +
                torch.log(-torch.expm1(-2 * half_bin * inv_scale)))
    edge = 1 - half_bin / 2
    return torch.where(x < -edge, log_cdf_plus,
                       torch.where(x > edge, log_sf_minus, log_mass))


@MODELS.register_module()
class DiscretizedMixLogisticLoss(nn.Module):
    """Negative log-likelihood of ab under a discretized mixture of
    logistics, b conditioned on a (PixelCNN++'s channel dependence):

    p(a, b) = sum_m pi_m Logistic_K(a; mu_a,m, s_a,m)
              Logistic_K(b; mu_b,m + c_m a, s_b,m).

    ab values are scaled by ``1 / value_range`` to [-1, 1] and rounded to
    ``num_bins`` bins there. The module owns the parameterisation: a
    network predicting the mixture outputs :attr:`num_params` channels.

    Args:
        num_mixtures (int): Components M (10 in the thesis).
        num_bins (int): Discrete values per channel K.
        value_range (float): ab magnitude mapped to 1.
        loss_weight (float): lambda of the loss in Eq. 2.6.
        loss_name (str): Key of the loss in the loss dict.
    """

    def __init__(self, num_mixtures=10, num_bins=256, value_range=128.0,
                 loss_weight=1.0, loss_name='loss_gen'):
        super().__init__()
        self.num_mixtures = num_mixtures
        self.num_bins = num_bins
        self.value_range = value_range
        self.loss_weight = loss_weight
        self.loss_name = loss_name

    @property
    def num_params(self):
        """Channels of the mixture parameters, 6 M."""
        return _PARAMS_PER_COMPONENT * self.num_mixtures

    def normalize(self, ab):
        """ab -> bin centres in [-1, 1]."""
        x = (ab / self.value_range).clamp(-1, 1)
        steps = (self.num_bins - 1) / 2
        return torch.round((x + 1) * steps) / steps - 1

    def denormalize(self, x):
        return x * self.value_range

    def log_prob(self, params, ab):
        """log p(a, b) of the bins of ``ab``.

        Args:
            params (torch.Tensor): ``(B, 6M, *S)`` mixture parameters.
            ab (torch.Tensor): ``(B, 2, *S)`` ab values.

        Returns:
            torch.Tensor: ``(B, *S)``.
        """
        logits, mean_a, mean_b, log_s_a, log_s_b, coeff = _split_params(
            params, self.num_mixtures)
        x = self.normalize(ab)
        a, b = x[:, :1], x[:, 1:]
        log_p = (logits.log_softmax(1) + discretized_logistic_log_prob(
            a, mean_a, log_s_a, self.num_bins) + discretized_logistic_log_prob(
                b, mean_b + coeff * a, log_s_b, self.num_bins))
        return log_p.logsumexp(1)

    def forward(self, params, ab):
        """``{loss_name: loss_weight * mean -log p(a, b)}`` (nats per
        pixel); ``params`` ``(B, 6M, H, W)``, ``ab`` ``(B, 2, H, W)``."""
        nll = -self.log_prob(params, ab).mean()
        return {self.loss_name: self.loss_weight * nll}

    def sample(self, params, temperature=1.0, generator=None):
        """Draw ab from the mixture: a component by the Gumbel-max trick on
        ``logits / temperature``, then a and b by inverse CDFs with scales
        times ``temperature``; values are rounded to the bin centres.

        Args:
            params (torch.Tensor): ``(B, 6M, *S)``.
            temperature (float): 1 samples the model; lower is greedier.
            generator (torch.Generator, optional): Random stream.

        Returns:
            torch.Tensor: ``(B, 2, *S)`` ab values.
        """
        if temperature <= 0:
            raise ValueError(f'temperature must be positive, got '
                             f'{temperature}')
        logits, mean_a, mean_b, log_s_a, log_s_b, coeff = _split_params(
            params, self.num_mixtures)
        uniform = torch.rand((3, ) + logits.shape, generator=generator,
                             dtype=params.dtype, device=params.device)
        uniform = uniform.clamp(1e-5, 1 - 1e-5)
        gumbel = -torch.log(-torch.log(uniform[0]))
        choice = F.one_hot((logits / temperature + gumbel).argmax(1),
                           self.num_mixtures).movedim(-1, 1).to(params)

        def pick(value):
            return (value * choice).sum(1, keepdim=True)

        def logistic(u):
            return torch.log(u) - torch.log1p(-u)

        scale = torch.log(torch.as_tensor(temperature, dtype=params.dtype))
        a = pick(mean_a) + torch.exp(pick(log_s_a) + scale) * logistic(
            pick(uniform[1]))
        a = self.normalize(self.denormalize(a))
        b = pick(mean_b) + pick(coeff) * a + torch.exp(
            pick(log_s_b) + scale) * logistic(pick(uniform[2]))
        return self.denormalize(
            torch.cat([a, self.normalize(self.denormalize(b))], dim=1))
