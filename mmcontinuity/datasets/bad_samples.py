"""Bad samples: the errors our loaders raise, and the ``skip_bad_samples``
switch of our datasets.

Every error names the file (``path``) or the sample and the problem:

- :class:`BadSampleError` (a ``ValueError``), the base class;
- :class:`MissingFileError` (also a ``FileNotFoundError``): a frame, flow,
  mask or annotation file, a frame folder or the data root does not exist;
- :class:`CorruptFileError`: a file exists but is not a usable image (zero
  bytes, truncated JPEG, undecodable, wrong number of channels or bit
  depth);
- :class:`BadAnnotationError`: an annotation file is empty or malformed, or
  one of its rows is wrong (box outside the image or with x2 < x1, unknown
  label, clip longer than the video).

With ``skip_bad_samples=True`` a training dataset logs a warning for every
sample whose loading raises a :class:`BadSampleError` and draws another
sample instead (mmengine's ``BaseDataset`` refetch); the
:class:`SkippedSamplesHook` logs the number skipped at the end of each
epoch. Errors of the annotation file are raised at construction either way.
"""
import logging

import cv2
import torch
from mmengine.hooks import Hook
from mmengine.logging import print_log
from mmengine.registry import HOOKS
from torch.utils.data import get_worker_info

# counter slots: 0 for the main process, 1 + worker id for data workers
_SLOTS = 65


class BadSampleError(ValueError):
    """A sample that cannot be used.

    Args:
        message (str): names the file or sample and the problem.
        path (str, optional): the offending file.
    """

    def __init__(self, message, path=None):
        super().__init__(message)
        self.path = path


class MissingFileError(BadSampleError, FileNotFoundError):
    """A file or folder a sample needs does not exist."""


class CorruptFileError(BadSampleError):
    """A file exists but does not hold a usable image."""


class BadAnnotationError(BadSampleError):
    """An annotation file or row is empty, malformed or inconsistent."""


class SkipBadSamplesMixin:
    """The ``skip_bad_samples`` switch of an mmengine ``BaseDataset``.

    Put it before the ``BaseDataset`` class in the bases. An OpenCV error
    of the pipeline (e.g. mmaction2's ``RawFrameDecode`` on a corrupt frame)
    becomes a :class:`CorruptFileError`, a ``FileNotFoundError`` (on a
    missing frame) a :class:`MissingFileError`, naming the sample. With the
    switch on, :meth:`prepare_data` turns a :class:`BadSampleError` of the
    pipeline into a logged warning and ``None``, which makes
    ``BaseDataset.__getitem__`` draw another sample; :attr:`skipped_samples`
    counts them over all data workers. Test datasets must be complete (a
    skipped sample would change the metric), so the switch is refused with
    ``test_mode=True``.

    Args:
        skip_bad_samples (bool): skip instead of raising. Defaults to False.
    """

    def __init__(self, *args, skip_bad_samples=False, **kwargs):
        if skip_bad_samples and kwargs.get('test_mode', False):
            raise ValueError('skip_bad_samples=True is for training only: '
                             'a test set must evaluate every sample')
        self.skip_bad_samples = skip_bad_samples
        self._skipped = None
        if skip_bad_samples:  # one slot per process, shared with workers
            counts = torch.zeros(_SLOTS, dtype=torch.int64)
            self._skipped = counts.share_memory_()
        super().__init__(*args, **kwargs)

    @property
    def skipped_samples(self):
        """Samples skipped since the last :meth:`reset_skipped_samples`."""
        return 0 if self._skipped is None else int(self._skipped.sum())

    def reset_skipped_samples(self):
        """Start counting from 0 (:class:`SkippedSamplesHook`, per epoch)."""
        if self._skipped is not None:
            self._skipped.zero_()

    def _sample_name(self, idx):
        info = self.get_data_info(idx)
        where = ', '.join(f'{key} {info[key]}' for key in (
            'video_id', 'frame_dir', 'filename', 'img_path', 'timestamp')
            if key in info)
        return f'sample {idx} ({where})'

    def _prepare_named(self, idx):
        try:
            return super().prepare_data(idx)
        except BadSampleError:
            raise
        except cv2.error as error:
            raise CorruptFileError(f'{self._sample_name(idx)}: OpenCV could '
                                   f'not process an image: {error}') from error
        except FileNotFoundError as error:
            raise MissingFileError(f'{self._sample_name(idx)}: {error}',
                                   error.filename) from error

    def prepare_data(self, idx):
        try:
            return self._prepare_named(idx)
        except BadSampleError as error:
            if not self.skip_bad_samples:
                raise
            worker = get_worker_info()
            slot = 0 if worker is None else 1 + worker.id % (_SLOTS - 1)
            self._skipped[slot] += 1
            print_log(f'skipped bad sample {idx} of {type(self).__name__}: '
                      f'{error}', logger='current', level=logging.WARNING)
            return None


def _datasets(dataset):
    """``dataset`` and the datasets it wraps (mmengine's dataset
    wrappers)."""
    yield dataset
    for inner in getattr(dataset, 'datasets', ()):
        yield from _datasets(inner)
    if getattr(dataset, 'dataset', None) is not None:
        yield from _datasets(dataset.dataset)


@HOOKS.register_module()
class SkippedSamplesHook(Hook):
    """Log, at the end of every training epoch, how many bad samples the
    training datasets with ``skip_bad_samples=True`` skipped, then reset the
    count."""

    priority = 'VERY_LOW'

    def after_train_epoch(self, runner):
        # by identity: wrappers that forward attributes reach it twice
        found = {id(d): d for d in _datasets(runner.train_dataloader.dataset)
                 if isinstance(d, SkipBadSamplesMixin)}
        for dataset in found.values():
            if dataset.skip_bad_samples:
                count = dataset.skipped_samples
                runner.logger.log(
                    logging.WARNING if count else logging.INFO,
                    f'epoch {runner.epoch + 1}: {count} bad samples of '
                    f'{type(dataset).__name__} skipped')
                dataset.reset_skipped_samples()
