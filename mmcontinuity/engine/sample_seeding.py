"""Data augmentation whose randomness is a pure function of
``(seed, epoch, sample index)``.

Random transforms draw from the global ``random``, ``numpy.random`` and
``torch`` generators of whichever process runs the pipeline: the main
process (``num_workers=0``) or a worker, seeded once by MMEngine's
``worker_init_fn`` independently of the epoch. A sample's augmentation
therefore depends on everything drawn before it in that process, and a run
resumed at epoch :math:`e` restarts these streams where epoch 0 began.

Here the sampler tags every index it yields with its own seed

.. math::

    s(i, e) = \\mathrm{SeedSequence}(\\mathrm{seed}, e, i)

(:class:`SampleIndex`, an ``int`` that pickles with its seed, so it reaches
the workers through any batch sampler), and the dataset seeds the three
generators with :math:`s` before it loads and transforms sample :math:`i`,
then gives the caller back its own generator states
(:func:`seeded_rngs`). Which worker or process draws the sample, how many
workers there are, and where the run was resumed no longer matter; the
main process's streams (dropout, ...) are untouched by data loading.

For :class:`~mmengine.dataset.DefaultSampler` :math:`e` is the sampler's
epoch; for :class:`~mmengine.dataset.InfiniteSampler`, which has none, it is
the pass over the dataset that the draw belongs to, counted in the stream
that all ranks share (rank :math:`r` of :math:`W` draws positions
:math:`r, r + W, \\dots` of it), so 1 and 2 processes seed alike.
"""
import random
from contextlib import contextmanager
from typing import Iterator, Optional

import numpy as np
import torch
from mmengine.dataset import InfiniteSampler
from mmengine.dist import sync_random_seed
from mmengine.registry import DATA_SAMPLERS, DATASETS
from torch.utils.data import Dataset


class SampleIndex(int):
    """A dataset index that carries the seed of its sample.

    Args:
        index (int): Index into the dataset.
        seed (int): Seed of the sample's random transforms, in
            :math:`[0, 2^{32})`.
    """

    def __new__(cls, index: int, seed: int):
        obj = super().__new__(cls, index)
        obj.seed = seed
        return obj

    def __reduce__(self):
        return SampleIndex, (int(self), self.seed)


def sample_seed(seed: int, epoch: int, index: int) -> int:
    """The seed :math:`s(i, e)` of sample ``index`` at ``epoch``."""
    state = np.random.SeedSequence((seed, epoch, index)).generate_state(1)
    return int(state[0])


@contextmanager
def seeded_rngs(seed: int):
    """Seed python's, numpy's and torch's CPU global generators with
    ``seed`` inside the block; restore their previous states on exit."""
    states = random.getstate(), np.random.get_state(), torch.get_rng_state()
    random.seed(seed)
    np.random.seed(seed)
    torch.default_generator.manual_seed(seed)
    try:
        yield
    finally:
        random.setstate(states[0])
        np.random.set_state(states[1])
        torch.set_rng_state(states[2])


@DATA_SAMPLERS.register_module()
class SampleSeededSampler:
    """A sampler whose indices carry their samples' seeds.

    Args:
        sampler (dict): Config of the wrapped sampler, built with the same
            ``dataset`` and ``seed``.
        dataset (Dataset): The dataset to sample from.
        seed (int, optional): The run's seed, which MMEngine passes (None
            with ``diff_rank_seed``: then one drawn by rank 0 and shared).
    """

    def __init__(self,
                 sampler: dict,
                 dataset: Dataset,
                 seed: Optional[int] = None) -> None:
        self.sampler = DATA_SAMPLERS.build(
            sampler, default_args=dict(dataset=dataset, seed=seed))
        self.dataset = dataset  # batch samplers group by its data info
        self.seed = sync_random_seed() if seed is None else seed

    def __iter__(self) -> Iterator[SampleIndex]:
        sampler = self.sampler
        if isinstance(sampler, InfiniteSampler):
            for n, index in enumerate(sampler):
                epoch = (sampler.rank + n * sampler.world_size) // sampler.size
                yield SampleIndex(index, sample_seed(self.seed, epoch, index))
        else:
            epoch = getattr(sampler, 'epoch', 0)
            for index in sampler:
                yield SampleIndex(index, sample_seed(self.seed, epoch, index))

    def __len__(self) -> int:
        return len(self.sampler)

    def set_epoch(self, epoch: int) -> None:
        """Passed on to the wrapped sampler."""
        if hasattr(self.sampler, 'set_epoch'):
            self.sampler.set_epoch(epoch)


@DATASETS.register_module()
class SampleSeededDataset:
    """A dataset that loads each :class:`SampleIndex` under its seed.

    Plain ``int`` indices (evaluation, direct access) load as in the
    wrapped dataset. Other attributes (``metainfo``, ``pipeline``,
    ``get_data_info`` ...) are those of the wrapped dataset.

    Args:
        dataset (dict | Dataset): The wrapped dataset or its config.
    """

    def __init__(self, dataset) -> None:
        if isinstance(dataset, dict):
            dataset = DATASETS.build(dataset)
        self.dataset = dataset

    def __getitem__(self, index):
        if not isinstance(index, SampleIndex):
            return self.dataset[index]
        with seeded_rngs(index.seed):
            return self.dataset[int(index)]

    def __len__(self) -> int:
        return len(self.dataset)

    def __getattr__(self, name):
        if name == 'dataset':  # not set yet (unpickling)
            raise AttributeError(name)
        return getattr(self.dataset, name)
