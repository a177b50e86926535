"""Per-sample seeding: a sample's augmentation depends on (seed, epoch,
index) only, not on the process, worker or generator state drawing it."""
import pickle
import random

import numpy as np
import pytest
import torch
from mmengine.dataset import DefaultSampler, InfiniteSampler
from torch.utils.data import DataLoader

from mmcontinuity.engine import (SampleIndex, SampleSeededDataset,
                                 SampleSeededSampler, seeded_rngs)
from mmcontinuity.engine.sample_seeding import sample_seed


class RandomDraws:
    """A dataset whose samples are draws of the three global generators."""

    def __len__(self):
        return 5

    def __getitem__(self, index):
        return (index, random.random(), float(np.random.rand()),
                float(torch.rand(())))


def test_sample_index_pickles_with_its_seed():
    index = pickle.loads(pickle.dumps(SampleIndex(3, 12345)))
    assert isinstance(index, SampleIndex)
    assert (index, index.seed) == (3, 12345)
    assert [0, 1, 2, 3][index] == 3


def test_seeded_rngs_restores_the_callers_states():
    torch.manual_seed(0)
    np.random.seed(0)
    random.seed(0)
    expected = (random.random(), np.random.rand(), torch.rand(()))
    torch.manual_seed(0)
    np.random.seed(0)
    random.seed(0)
    with seeded_rngs(7):
        inside = (random.random(), np.random.rand(), torch.rand(()))
    assert (random.random(), np.random.rand(), torch.rand(())) == expected
    random.seed(7)
    np.random.seed(7)
    torch.manual_seed(7)
    assert inside == (random.random(), np.random.rand(), torch.rand(()))


def test_seeded_dataset_ignores_the_global_states():
    dataset = SampleSeededDataset(RandomDraws())
    first = dataset[SampleIndex(2, sample_seed(0, 1, 2))]
    np.random.seed(99)
    random.seed(99)
    torch.manual_seed(99)
    assert dataset[SampleIndex(2, sample_seed(0, 1, 2))] == first
    assert dataset[SampleIndex(2, sample_seed(0, 2, 2))] != first
    assert dataset[SampleIndex(2, sample_seed(1, 1, 2))] != first
    assert len(dataset) == 5 and dataset.dataset.__class__ is RandomDraws


def test_default_sampler_seeds_from_epoch_and_index():
    dataset = SampleSeededDataset(RandomDraws())
    sampler = SampleSeededSampler(
        dict(type='DefaultSampler', shuffle=True), dataset, seed=3)
    assert isinstance(sampler.sampler, DefaultSampler)
    assert sampler.dataset is dataset
    sampler.set_epoch(4)
    indices = list(sampler)
    assert sorted(indices) == list(range(5))
    assert [i.seed for i in indices] == [sample_seed(3, 4, i)
                                         for i in indices]


def _samples(sampler_cfg, rank, world_size, num_workers, draws):
    dataset = SampleSeededDataset(RandomDraws())
    sampler = SampleSeededSampler(sampler_cfg, dataset, seed=0)
    sampler.sampler.rank, sampler.sampler.world_size = rank, world_size
    if isinstance(sampler.sampler, InfiniteSampler):
        sampler.sampler.indices = sampler.sampler._indices_of_rank()
    loader = DataLoader(dataset, batch_size=None, sampler=sampler,
                        num_workers=num_workers)
    iterator = iter(loader)
    return [next(iterator) for _ in range(draws)]


@pytest.mark.parametrize('sampler_type', ['DefaultSampler', 'InfiniteSampler'])
def test_one_and_two_processes_draw_the_same_samples(sampler_type):
    """Rank r of 2 draws positions r, r + 2, ... of the 1-process stream:
    the same samples with the same augmentation, with or without workers
    (the infinite sampler's draws span 3 passes over the data)."""
    cfg = dict(type=sampler_type, shuffle=True)
    draws = 5 if sampler_type == 'DefaultSampler' else 14
    one = _samples(cfg, 0, 1, 0, draws)
    ranks = [_samples(cfg, r, 2, 1, draws // 2) for r in (0, 1)]
    assert [s for pair in zip(*ranks) for s in pair] == one[:2 * (draws // 2)]
    if sampler_type == 'InfiniteSampler':  # a new pass, new augmentation
        assert one[0] != next(s for s in one[5:] if s[0] == one[0][0])
