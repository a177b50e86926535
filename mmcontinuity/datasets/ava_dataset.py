"""AVA v2.1/v2.2 with the annotated track of every key-frame actor."""
import csv
import os.path as osp

from mmaction.datasets import AVADataset
from mmaction.registry import DATASETS

from mmcontinuity.utils.annotations import load_ava_tracks
from .bad_samples import (BadAnnotationError, MissingFileError,
                          SkipBadSamplesMixin)


def ava_key_frame_index(timestamp, fps, timestamp_start, start_index):
    """File index of the key frame of ``timestamp`` as mmaction2 loads it.

    mmaction2's ``SampleAVAFrames`` centres the clip on
    ``fps * (timestamp - timestamp_start) + start_index`` and then adds
    ``start_index`` to every index; this is the resulting centre index. Frame
    folders written for AVAdataset must hold the key frame there.
    """
    return fps * (timestamp - timestamp_start) + 2 * start_index


def check_ava_rows(ann_file, num_classes):
    """Check the ``video,time,x1,y1,x2,y2,action,person`` rows of an AVA
    annotation CSV before mmaction2 parses them.

    Raises:
        MissingFileError: the file does not exist.
        BadAnnotationError: naming the file and line of an empty file, a row
            without 8 fields or with a non-numeric time, box, action or
            person, or an action outside ``1..num_classes - 1`` (not
            checked when ``num_classes`` is None: mmaction2 drops the actions
            outside its ``custom_classes``).
    """
    if not osp.isfile(ann_file):
        raise MissingFileError(f'AVA annotation file not found: {ann_file}',
                               ann_file)
    with open(ann_file, newline='') as f:
        rows = list(csv.reader(f))
    if not rows:
        raise BadAnnotationError(f'AVA annotation file {ann_file} is empty',
                                 ann_file)
    for num, fields in enumerate(rows, 1):
        try:
            if len(fields) < 8:
                raise ValueError('expected 8 fields')
            int(fields[1]), int(fields[7])
            [float(v) for v in fields[2:6]]
            action = int(fields[6])
        except ValueError as e:
            raise BadAnnotationError(
                f'{ann_file}:{num}: {e}; a row is video, time, x1, y1, x2, '
                f'y2, action, person, got {",".join(fields)!r}',
                ann_file) from None
        if num_classes is not None and not 1 <= action < num_classes:
            raise BadAnnotationError(
                f'{ann_file}:{num}: unknown action {action} (labels are '
                f'1..{num_classes - 1} with num_classes={num_classes})',
                ann_file)


@DATASETS.register_module()
class AVATubeletDataset(SkipBadSamplesMixin, AVADataset):
    """mmaction2's ``AVADataset`` whose samples also carry the tracks of the
    key-frame actors, so that ``AVATubeletBoxes`` can give every sampled frame
    of the clip its boxes.

    The tracks are read by
    :func:`~mmcontinuity.utils.annotations.load_ava_tracks`: an entity's
    boxes at all annotated timestamps of the video; entities with a negative
    id have no track (only their key-frame box is known). Everything else,
    including the key-frame ``gt_bboxes`` (K, 4) / ``gt_labels`` (K, C) used
    by mmaction2's ``AVAMetric``, is ``AVADataset``'s.

    Added results key: ``entity_tracks``, a dict ``entity_id -> (times (n,),
    boxes (n, 4))`` (seconds, normalised xyxy) for the K key-frame entities.

    The annotation rows are checked (:func:`check_ava_rows`, and the boxes by
    ``load_ava_tracks``) and every frame folder must exist when the dataset
    is built. ``skip_bad_samples``: see
    :class:`~mmcontinuity.datasets.bad_samples.SkipBadSamplesMixin`.
    """

    def load_data_list(self):
        check_ava_rows(self.ann_file, None if self.custom_classes is not None
                       else self.num_classes)
        try:
            self.entity_tracks = load_ava_tracks(self.ann_file)
        except ValueError as e:
            raise BadAnnotationError(str(e), self.ann_file) from None
        data_list = super().load_data_list()
        folders = {info['video_id']: info['frame_dir'] for info in data_list
                   if 'frame_dir' in info}
        for video, folder in folders.items():
            if not osp.isdir(folder):
                raise MissingFileError(f'video {video}: frame folder {folder} '
                                       'not found', folder)
        return data_list

    def get_data_info(self, idx):
        info = super().get_data_info(idx)
        video_tracks = self.entity_tracks.get(info['video_id'], {})
        info['entity_tracks'] = {
            int(e): video_tracks[int(e)]
            for e in info['entity_ids'] if int(e) in video_tracks
        }
        return info
