"""Random states of the main process, saved in checkpoints and restored on
resume."""
import random

import numpy as np
import torch
from mmengine.hooks import Hook
from mmengine.registry import HOOKS
from torch.utils.data import DataLoader


def get_random_states() -> dict:
    """The states of python's, numpy's and torch's global generators
    (CUDA's too when it is available)."""
    states = dict(
        python=random.getstate(),
        numpy=np.random.get_state(legacy=False),
        torch=torch.get_rng_state())
    if torch.cuda.is_available():
        states['cuda'] = torch.cuda.get_rng_state_all()
    return states


def set_random_states(states: dict) -> None:
    """Restore states returned by :func:`get_random_states`."""
    random.setstate(states['python'])
    np.random.set_state(states['numpy'])
    torch.set_rng_state(states['torch'])
    if 'cuda' in states and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(states['cuda'])


@HOOKS.register_module()
class RandomStateHook(Hook):
    """Continue the main process's random streams exactly after a resume.

    Random draws of the main process (dropout, stochastic depth, the seed
    of each DataLoader iterator ...) follow from the generators' states. A
    checkpoint gets these states under ``'random_states'``; a resumed run
    sets them back before training goes on. Validation runs between saving
    and the next training iteration, so it is kept out of the training
    streams: its draws are undone when it ends, and a run with and without
    a resume in between draw the same numbers.

    The states are those of the process that saves (rank 0); the other
    ranks draw the same numbers unless ``randomness.diff_rank_seed`` is
    set. Every start of a DataLoader iterator draws the base seed of its
    workers from torch's global generator, and an iteration-based loop
    over a finite sampler (not ``InfiniteSampler``) starts one per pass,
    which a resumed run replays after the states were set: the training
    DataLoader therefore gets its own generator (seeded with the run's
    seed), so that starting an iterator never moves the main process's
    stream. Data pipelines are seeded per sample
    (:class:`~mmcontinuity.engine.SampleSeededDataset`) and do not use
    these streams.
    """

    priority = 'VERY_HIGH'

    def __init__(self) -> None:
        self._resumed_states = None
        self._states_before_val = None

    def before_save_checkpoint(self, runner, checkpoint: dict) -> None:
        checkpoint['random_states'] = get_random_states()

    def after_load_checkpoint(self, runner, checkpoint: dict) -> None:
        self._resumed_states = checkpoint.get('random_states')

    def before_train(self, runner) -> None:
        loader = runner.train_dataloader
        if isinstance(loader, DataLoader) and loader.generator is None:
            loader.generator = torch.Generator().manual_seed(runner.seed)
        # Set here rather than on loading: a checkpoint loaded to
        # initialise the weights (``load_from`` without resume) keeps the
        # run's own streams.
        if self._resumed_states is not None and runner.iter > 0:
            set_random_states(self._resumed_states)
        self._resumed_states = None

    def before_val(self, runner) -> None:
        self._states_before_val = get_random_states()

    def after_val(self, runner) -> None:
        set_random_states(self._states_before_val)
