"""The LiftPool regularisers as losses (thesis Eq. 3.8)."""
from typing import Dict

import torch.nn as nn
from torch import Tensor

from .lift_pool import _LiftDownPoolNd


def lifting_losses(model: nn.Module,
                   lambda_u: float = 0.01,
                   lambda_p: float = 0.1) -> Dict[str, Tensor]:
    """``lambda_u * c_u`` and ``lambda_p * c_p`` of Eq. 3.8, each summed over
    the LiftDownPool layers of ``model`` as recorded in their last forward
    in training mode (``layer.costs``; per layer the sum over its 1-D
    lifting steps of the per-step mean squares of Eq. 3.6-3.7).

    Args:
        model (nn.Module): searched with ``model.modules()``.
        lambda_u (float): weight of ``c_u``; 0 leaves ``loss_lift_u`` out.
            Default: 0.01.
        lambda_p (float): weight of ``c_p``; 0 leaves ``loss_lift_p`` out.
            Default: 0.1.

    Returns:
        dict[str, Tensor]: ``loss_lift_u`` and ``loss_lift_p`` (scalars);
        empty where no layer recorded costs (none in the model, only fixed
        CDF 5/3 layers, or no training forward yet).
    """
    costs = [
        m.costs for m in model.modules()
        if isinstance(m, _LiftDownPoolNd) and m.costs is not None
    ]
    losses = {}
    if not costs:
        return losses
    for name, weight, index in (('loss_lift_u', lambda_u, 0),
                                ('loss_lift_p', lambda_p, 1)):
        if weight:
            losses[name] = weight * sum(c[index] for c in costs)
    return losses
