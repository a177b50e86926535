"""Helpers shared by the metric wrappers."""
import numpy as np
import torch


def to_numpy(value, dtype=None):
    """Tensor / array-like to a numpy array (on the CPU)."""
    if isinstance(value, torch.Tensor):
        value = value.detach().cpu().numpy()
    return np.asarray(value, dtype=dtype)


def get_field(sample, key, default=KeyError):
    """``sample[key]`` for dict data samples (``BaseDataElement.to_dict``)
    or data elements; ``default`` when given and the key is absent."""
    if isinstance(sample, dict):
        if key in sample:
            return sample[key]
    elif key in sample:
        return getattr(sample, key)
    if default is KeyError:
        raise KeyError(f'data sample lacks {key!r}; it has '
                       f'{sorted(sample.keys())}')
    return default
