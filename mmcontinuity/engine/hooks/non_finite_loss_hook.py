"""Stop training at the first non-finite loss."""
import math

import torch
from mmengine.hooks import Hook
from mmengine.registry import HOOKS


@HOOKS.register_module()
class NonFiniteLossHook(Hook):
    """Raise :class:`FloatingPointError` when a loss term of a training
    iteration is NaN or infinite, naming the iteration and the terms.

    The terms are the model's log variables whose names contain ``loss``
    (those MMEngine sums into the total ``loss``, named only when no term
    is); the message also gives the values of the finite ones.
    """

    priority = 'VERY_HIGH'

    def after_train_iter(self,
                         runner,
                         batch_idx: int,
                         data_batch=None,
                         outputs=None) -> None:
        values = {
            name: float(torch.as_tensor(value).detach())
            for name, value in (outputs or {}).items() if 'loss' in name
        }
        bad = [name for name, value in values.items()
               if not math.isfinite(value)]
        if len(bad) > 1 and 'loss' in bad:  # the terms, not their sum
            bad.remove('loss')
        if bad:
            terms = ', '.join(f'{name}={value:g}'
                              for name, value in values.items())
            raise FloatingPointError(
                f'non-finite loss at iteration {runner.iter + 1} (epoch '
                f'{runner.epoch + 1}, batch {batch_idx + 1}): '
                f'{", ".join(bad)} ({terms})')
