"""AVA v2.1/v2.2 with the annotated track of every key-frame actor."""
from mmaction.datasets import AVADataset
from mmaction.registry import DATASETS

from mmcontinuity.utils.annotations import load_ava_tracks


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

    The tracks are read by
    :func:`~mmcontinuity.utils.annotations.load_ava_tracks`: an entity's
    boxes at all annotated timestamps of the video; entities with a negative
    id have no track (only their key-frame box is known). Everything else,
    including the key-frame ``gt_bboxes`` (K, 4) / ``gt_labels`` (K, C) used
    by mmaction2's ``AVAMetric``, is ``AVADataset``'s.

    Added results key: ``entity_tracks``, a dict ``entity_id -> (times (n,),
    boxes (n, 4))`` (seconds, normalised xyxy) for the K key-frame entities.
    """

    def load_data_list(self):
        data_list = super().load_data_list()
        self.entity_tracks = load_ava_tracks(self.ann_file)
        return data_list

    def get_data_info(self, idx):
        info = super().get_data_info(idx)
        video_tracks = self.entity_tracks.get(info['video_id'], {})
        info['entity_tracks'] = {
            int(e): video_tracks[int(e)]
            for e in info['entity_ids'] if int(e) in video_tracks
        }
        return info
