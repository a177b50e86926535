from .non_finite_loss_hook import NonFiniteLossHook
from .random_state_hook import RandomStateHook

__all__ = ['NonFiniteLossHook', 'RandomStateHook']
