"""Training-engine parts shared by the four libraries' configs: hooks
registered into MMEngine's root ``HOOKS`` and the per-sample seeding of
data pipelines (root ``DATA_SAMPLERS`` and ``DATASETS``), so that a config
of any scope finds them."""
from .checkpoint import find_resumable_checkpoint
from .hooks import NonFiniteLossHook, RandomStateHook
from .sample_seeding import (SampleIndex, SampleSeededDataset,
                             SampleSeededSampler, seeded_rngs)

__all__ = [
    'NonFiniteLossHook', 'RandomStateHook', 'SampleIndex',
    'SampleSeededDataset', 'SampleSeededSampler', 'find_resumable_checkpoint',
    'seeded_rngs'
]
