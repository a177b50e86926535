"""AVA v2.1/v2.2 with the annotated track of every key-frame actor."""
from collections import defaultdict

import numpy as np
from mmaction.datasets import AVADataset
from mmaction.registry import DATASETS
from mmengine.fileio import list_from_file


def ava_key_frame_index(timestamp, fps, timestamp_start, start_index):
    """File index of the key frame of ``timestamp`` as mmaction2 loads it.

    mmaction2's ``SampleAVAFrames`` centres the clip on
    ``fps * (timestamp - timestamp_start) + start_index`` and then adds
    ``start_index`` to every index; this is the resulting centre index. Frame
    folders written for AVAdataset must hold the key frame there.
    """
    return fps * (timestamp - timestamp_start) + 2 * start_index


@DATASETS.register_module()
class AVATubeletDataset(AVADataset):
    """mmaction2's ``AVADataset`` whose samples also carry the tracks of the
    key-frame actors, so that ``AVATubeletBoxes`` can give every sampled frame
    of the clip its boxes.

    AVA annotates boxes once per second and links them through the entity id
    (the person id of the CSV's last column): the track of an entity is its
    boxes at all annotated timestamps of the video. Entities with a negative
    id have no track (only their key-frame box is known). Everything else,
    including the key-frame ``gt_bboxes`` (K, 4) / ``gt_labels`` (K, C) used by
    mmaction2's ``AVAMetric``, is ``AVADataset``'s.

    Added results key: ``entity_tracks``, a dict ``entity_id -> (times (n,),
    boxes (n, 4))`` (seconds, normalised xyxy) for the K key-frame entities.
    """

    def load_data_list(self):
        data_list = super().load_data_list()
        tracks = defaultdict(lambda: defaultdict(dict))
        for num, line in enumerate(list_from_file(self.ann_file), 1):
            fields = line.strip().split(',')
            if len(fields) < 8:
                raise ValueError(f'{self.ann_file}:{num}: expected 8 fields '
                                 f'(video, time, x1, y1, x2, y2, action, '
                                 f'person), got {line.strip()!r}')
            box = np.array(fields[2:6], np.float32)
            if box.min() < 0 or box.max() > 1 or (box[2:] < box[:2]).any():
                raise ValueError(f'{self.ann_file}:{num}: box {box.tolist()} '
                                 f'of video {fields[0]} is not a normalised '
                                 f'xyxy box inside the image')
            entity = int(fields[7])
            if entity >= 0:
                tracks[fields[0]][entity][int(fields[1])] = box
        self.entity_tracks = {
            video: {
                entity: (np.array(sorted(by_time), np.float64),
                         np.stack([by_time[t] for t in sorted(by_time)]))
                for entity, by_time in entities.items()
            }
            for video, entities in tracks.items()
        }
        return data_list

    def get_data_info(self, idx):
        info = super().get_data_info(idx)
        video_tracks = self.entity_tracks.get(info['video_id'], {})
        info['entity_tracks'] = {
            int(e): video_tracks[int(e)]
            for e in info['entity_ids'] if int(e) in video_tracks
        }
        return info
