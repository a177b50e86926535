"""AVATubeletDataset + AVATubeletBoxes on a tiny AVA dataset (real format)."""
import os.path as osp

import numpy as np
import pytest
from mmengine.registry import DefaultScope
from tiny_act import write_frame_folder

from mmcontinuity.datasets import AVATubeletDataset, ava_key_frame_index

FPS, H, W = 4, 32, 48
# entity -> {timestamp: normalised box}; labels per (entity, timestamp)
TRACKS = {
    0: {1: [0.1, 0.1, 0.3, 0.5], 2: [0.2, 0.1, 0.4, 0.5],
        3: [0.3, 0.1, 0.5, 0.5]},
    1: {2: [0.6, 0.2, 0.9, 0.9]},
    2: {1: [0.5, 0.5, 0.7, 0.9], 3: [0.5, 0.5, 0.7, 0.9]},  # absent at 2
}


@pytest.fixture
def ava_root(tmp_path):
    root = str(tmp_path)
    write_frame_folder(osp.join(root, 'rawframes', 'movie'), 4 * FPS)
    rows = [f'movie,{ts:04d},{",".join(map(str, box))},{1 + e},{e}'
            for e, boxes in TRACKS.items() for ts, box in boxes.items()]
    rows.append('movie,0002,0.6,0.2,0.9,0.9,3,1')  # a second action of 1
    with open(osp.join(root, 'train.csv'), 'w') as f:
        f.write('\n'.join(rows) + '\n')
    with open(osp.join(root, 'labels.pbtxt'), 'w') as f:
        for i, name in enumerate(['walk', 'sit', 'talk'], 1):
            f.write(f'label {{\n  name: "{name}"\n  label_id: {i}\n}}\n')
    with open(osp.join(root, 'excluded.csv'), 'w') as f:
        f.write('movie,0003\n')
    return root


def _dataset(root):
    pipeline = [
        dict(type='SampleAVAFrames', clip_len=8, frame_interval=1,
             test_mode=True),
        dict(type='AVATubeletBoxes'),
        dict(type='RawFrameDecode'),
        dict(type='PackTubeletInputs'),
    ]
    with DefaultScope.overwrite_default_scope('mmaction'):
        return AVATubeletDataset(
            osp.join(root, 'train.csv'), pipeline,
            exclude_file=osp.join(root, 'excluded.csv'),
            label_file=osp.join(root, 'labels.pbtxt'),
            data_prefix=dict(img=osp.join(root, 'rawframes')), num_classes=4,
            fps=FPS, timestamp_start=0, timestamp_end=4, serialize_data=False)


def _sample(ds, timestamp):
    for i in range(len(ds)):
        if ds.get_data_info(i)['timestamp'] == timestamp:
            return ds[i]['data_samples']
    raise AssertionError(timestamp)


def test_tubelet_boxes_follow_entity_tracks(ava_root):
    ds = _dataset(ava_root)
    assert sorted(ds.get_data_info(i)['timestamp']
                  for i in range(len(ds))) == [1, 2]  # 3 is excluded
    sample = _sample(ds, 2)
    gt = sample.gt_instances
    key = sample.metainfo['key_frame_index']
    inds = sample.metainfo['frame_inds']
    assert inds[key] == ava_key_frame_index(2, FPS, 0, 1)
    assert sample.metainfo['timestamp'] == 2
    order = gt.entity_ids.tolist()
    assert sorted(order) == [0, 1] and gt.bboxes.shape == (2, 8, 4)
    e0, e1 = order.index(0), order.index(1)
    # multi-hot labels of the key frame, as AVADataset gives them
    assert gt.labels[e1].tolist() == [0, 0, 1, 1]
    scale = np.array([W, H, W, H])
    times = (inds - 2) / FPS
    for t, time in enumerate(times):
        lo = int(np.floor(time))
        w = time - lo
        expected = (1 - w) * np.array(TRACKS[0][lo]) + w * np.array(
            TRACKS[0][lo + 1])
        assert np.allclose(gt.bboxes[e0, t].numpy(), expected * scale,
                           atol=1e-3)
    assert gt.valid[e0].all()
    # entity 1 is annotated at t = 2 only
    assert gt.valid[e1].tolist() == [t == key for t in range(8)]
    assert np.allclose(gt.bboxes[e1, key].numpy(),
                       np.array(TRACKS[1][2]) * scale)
    assert (gt.bboxes[e1, :key] == 0).all()


def test_no_interpolation_across_gaps_or_before_first_box(ava_root):
    sample = _sample(_dataset(ava_root), 1)
    gt = sample.gt_instances
    key = sample.metainfo['key_frame_index']
    times = (sample.metainfo['frame_inds'] - 2) / FPS
    e0, e2 = gt.entity_ids.tolist().index(0), gt.entity_ids.tolist().index(2)
    # entity 0 starts at t = 1; entity 2 is missing at t = 2 (2 s gap)
    assert gt.valid[e0].tolist() == (times >= 1).tolist()
    assert gt.valid[e2].tolist() == [t == key for t in range(8)]


def test_bad_box_names_file_and_line(ava_root):
    with open(osp.join(ava_root, 'train.csv'), 'a') as f:
        f.write('movie,0002,0.5,0.5,1.4,0.9,1,5\n')
    with pytest.raises(ValueError, match=r'train.csv:\d+: box .* movie'):
        _dataset(ava_root)
