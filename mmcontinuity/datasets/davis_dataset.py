"""DAVIS-2016 video object segmentation as clips of consecutive frames."""
import os
import os.path as osp
import re

import numpy as np
from mmaction.datasets import BaseActionDataset
from mmaction.registry import DATASETS

from .act_dataset import clip_starts
from .bad_samples import (BadAnnotationError, BadSampleError,
                          MissingFileError, SkipBadSamplesMixin)


def parse_davis_image_set(path):
    """Sequence names of a DAVIS image-set file, in file order.

    Accepts both layouts: DAVIS-2016 ``ImageSets/480p/*.txt`` (one
    ``/JPEGImages/480p/<seq>/00000.jpg /Annotations/480p/<seq>/00000.png``
    line per frame) and DAVIS-2017 ``ImageSets/2016/*.txt`` (one sequence
    name per line).
    """
    if not osp.isfile(path):
        raise MissingFileError(f'DAVIS image set not found: {path}', path)
    sequences = []
    with open(path) as f:
        for num, line in enumerate(f, 1):
            fields = line.split()
            if not fields:
                continue
            if len(fields) == 1:
                name = fields[0]
            elif len(fields) == 2:
                name = osp.basename(osp.dirname(fields[0]))
            else:
                raise BadAnnotationError(
                    f'{path}:{num}: expected a sequence name or an image and '
                    f'an annotation path, got {line.strip()!r}', path)
            sequences.append(name)
    if not sequences:
        raise BadAnnotationError(f'DAVIS image set {path} is empty', path)
    return list(dict.fromkeys(sequences))


def _numbered(folder, ext, what):
    """Sorted frame numbers of ``NNNNN<ext>`` files, which must be 0..n-1."""
    if not osp.isdir(folder):
        raise MissingFileError(f'{what} folder not found: {folder}', folder)
    numbers = sorted(int(n[:-len(ext)]) for n in os.listdir(folder)
                     if re.fullmatch(r'\d+' + re.escape(ext), n))
    if not numbers:
        raise MissingFileError(f'{folder} holds no {what} ({ext})', folder)
    missing = sorted(set(range(numbers[-1] + 1)) - set(numbers))
    if missing:
        raise MissingFileError(f'{folder}: {what} {missing[:5]} missing',
                               folder)
    return len(numbers)


@DATASETS.register_module()
class DAVIS2016Dataset(SkipBadSamplesMixin, BaseActionDataset):
    """DAVIS-2016 (single foreground object) as clips of consecutive frames.

    Layout under ``data_root``: ``JPEGImages/480p/<seq>/00000.jpg``,
    ``Annotations/480p/<seq>/00000.png`` (0 background, > 0 the object) and
    the image set ``ann_file`` (see :func:`parse_davis_image_set`).

    Samples (0-based ``frame_inds``, ``start_index`` = 0): clips of
    ``clip_len`` consecutive frames every ``clip_stride`` frames; in test mode
    the clips tile each sequence (the last one ends on the last frame).
    Results keys: ``video_id``, ``frame_dir``, ``filename_tmpl``,
    ``mask_dir``, ``mask_tmpl``, ``frame_inds`` (T,), ``total_frames``.
    ``LoadFrames`` and ``LoadMasks`` read the frames and masks; the thesis
    resizes both to 530x300 (``TubeletResize(scale=(530, 300),
    keep_ratio=False)``).

    Args:
        ann_file (str): image-set file, e.g. ``ImageSets/480p/val.txt``.
        pipeline (list[dict]): transforms.
        data_prefix (dict): ``img`` and ``ann`` folders of the sequences.
        clip_len (int): frames per clip (8 in the thesis).
        clip_stride (int, optional): frames between two clip starts;
            defaults to 1 for training and ``clip_len`` in test mode.
        skip_bad_samples (bool): see
            :class:`~mmcontinuity.datasets.bad_samples.SkipBadSamplesMixin`.
    """

    def __init__(self,
                 ann_file,
                 pipeline,
                 data_prefix=dict(img='JPEGImages/480p',
                                  ann='Annotations/480p'),
                 clip_len=8,
                 clip_stride=None,
                 test_mode=False,
                 **kwargs):
        self.clip_len = clip_len
        self.clip_stride = clip_stride or (clip_len if test_mode else 1)
        super().__init__(ann_file, pipeline, data_prefix=data_prefix,
                         test_mode=test_mode, start_index=0, **kwargs)

    def load_data_list(self):
        for root in (self.data_prefix['img'], self.data_prefix['ann']):
            if not osp.isdir(root):
                raise MissingFileError(f'DAVIS folder {root} not found (check '
                                       'data_root and data_prefix)', root)
        data_list = []
        for seq in parse_davis_image_set(self.ann_file):
            frame_dir = osp.join(self.data_prefix['img'], seq)
            mask_dir = osp.join(self.data_prefix['ann'], seq)
            total = _numbered(frame_dir, '.jpg', f'sequence {seq} frames')
            masks = _numbered(mask_dir, '.png', f'sequence {seq} masks')
            if masks != total:
                raise BadAnnotationError(f'sequence {seq}: {total} frames but '
                                         f'{masks} masks', mask_dir)
            if total < self.clip_len:
                raise BadSampleError(f'sequence {seq} has {total} frames, '
                                     f'shorter than a clip of {self.clip_len}',
                                     frame_dir)
            info = dict(video_id=seq, frame_dir=frame_dir, mask_dir=mask_dir,
                        filename_tmpl='{:05d}.jpg', mask_tmpl='{:05d}.png',
                        total_frames=total)
            for start in clip_starts(total, self.clip_len, self.clip_stride,
                                     cover_end=self.test_mode) - 1:
                data_list.append(
                    dict(info, frame_inds=start + np.arange(self.clip_len)))
        return data_list
