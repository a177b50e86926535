"""mmaction2's list-file datasets with checked list files and data roots.

A list file has one video per line: its frame folder or video file, then
integer fields (``[offset] total_frames`` for ``RawframeDataset``, none for
``VideoDataset``), then its label(s). mmaction2 parses it with bare
``int()`` calls and indexing, so a malformed line stops the run with
``invalid literal for int()`` or ``list index out of range``, naming
neither the file nor the line, and a missing data root shows up only when
the first sample is loaded. The datasets here check every line first
(:func:`check_list_rows`), then let mmaction2 parse the file, so a good
file gives mmaction2's data list unchanged.
"""
import os.path as osp

from mmaction.datasets import RawframeDataset, VideoDataset
from mmaction.registry import DATASETS
from mmengine.fileio import list_from_file

from .bad_samples import (BadAnnotationError, MissingFileError,
                          SkipBadSamplesMixin)


def check_list_rows(ann_file,
                    counts,
                    multi_class=False,
                    num_classes=None,
                    delimiter=None):
    """Check the ``<path> <count>... <label>...`` lines of a list file.

    Args:
        ann_file (str): the list file.
        counts (tuple[tuple[str, int]]): name and least value of each
            integer field after the path, e.g. ``(('total_frames', 1),)``.
        multi_class (bool): several labels per line are allowed.
        num_classes (int, optional): labels must be in
            ``0..num_classes - 1``; not checked when None.
        delimiter (str, optional): field separator, None for white space.

    Raises:
        MissingFileError: the file does not exist.
        BadAnnotationError: naming the file and line: an empty file, a
            blank line, too few fields, a field that is not an integer, a
            count below its least value, several labels without
            ``multi_class`` or an unknown label.
    """
    if not osp.isfile(ann_file):
        raise MissingFileError(f'list file not found: {ann_file}', ann_file)
    lines = list_from_file(ann_file)
    if not lines:
        raise BadAnnotationError(f'list file {ann_file} is empty', ann_file)
    names = ['path', *(name for name, _ in counts)]
    for num, line in enumerate(lines, 1):

        def error(problem):
            return BadAnnotationError(
                f'{ann_file}:{num}: {problem}; a line is '
                f'{" ".join(names)} label(s), got {line!r}', ann_file)

        if not line.strip():
            raise error('blank line')
        fields = line.strip().split(delimiter)
        if len(fields) < len(names):
            raise error(f'expected at least {len(names)} fields')
        values = []
        for name, field in zip(names[1:] + ['label'] * len(fields),
                               fields[1:]):
            try:
                values.append(int(field))
            except ValueError:
                raise error(f'{name} {field!r} is not an integer') from None
        for (name, least), value in zip(counts, values):
            if value < least:
                raise error(f'{name} {value} is below {least}')
        labels = values[len(counts):]
        if len(labels) > 1 and not multi_class:
            raise error(f'{len(labels)} labels (multi_class=False)')
        unknown = [x for x in labels
                   if num_classes is not None and not 0 <= x < num_classes]
        if unknown:
            raise error(f'unknown label {unknown[0]} (num_classes='
                        f'{num_classes})')


def check_data_root(root, what):
    """A data root given in ``data_prefix`` must be a folder."""
    if root and not osp.isdir(root):
        raise MissingFileError(f'{what} root {root} not found (check '
                               'data_root and data_prefix)', root)


@DATASETS.register_module()
class CheckedRawframeDataset(SkipBadSamplesMixin, RawframeDataset):
    """mmaction2's ``RawframeDataset`` whose list file and frame root are
    checked when it is built (:func:`check_list_rows`: lines
    ``frame_dir [offset] total_frames label...``, ``total_frames`` >= 1),
    with the ``skip_bad_samples`` switch of
    :class:`~mmcontinuity.datasets.bad_samples.SkipBadSamplesMixin`.
    """

    def load_data_list(self):
        counts = (('total_frames', 1), )
        if self.with_offset:
            counts = (('offset', 0), *counts)
        check_list_rows(self.ann_file, counts, self.multi_class,
                        self.num_classes)
        check_data_root(self.data_prefix.get('img'), 'frame')
        return super().load_data_list()


@DATASETS.register_module()
class CheckedVideoDataset(SkipBadSamplesMixin, VideoDataset):
    """mmaction2's ``VideoDataset`` whose list file (lines ``filename
    label...``) and video root are checked when it is built, with the
    ``skip_bad_samples`` switch. Use it with the ``CheckedDecordInit`` or
    ``CheckedOpenCVInit`` transform (:mod:`.transforms.video_loading`),
    which name an unreadable video file."""

    def load_data_list(self):
        check_list_rows(self.ann_file, (), self.multi_class,
                        self.num_classes, self.delimiter)
        check_data_root(self.data_prefix.get('video'), 'video')
        return super().load_data_list()
