"""N-rand and length x rate sampling through mmaction2's recognition
datasets (VideoDataset list of mp4 files, RawframeDataset list of folders)."""
import os.path as osp

import cv2
import numpy as np
import pytest
from mmaction.datasets import RawframeDataset, VideoDataset
from mmengine.registry import DefaultScope
from tiny_act import frame_value, write_frame_folder

NUM = 24


@pytest.fixture(autouse=True)
def mmaction_scope():
    with DefaultScope.overwrite_default_scope('mmaction'):
        yield


def _pipeline(sampler, decode):
    return [sampler, decode, dict(type='Resize', scale=(-1, 16)),
            dict(type='FormatShape', input_format='NCTHW'),
            dict(type='PackActionInputs')]


def _frame_numbers(inputs):
    """1-based frame numbers read back from the gray level of each frame."""
    levels = inputs.float().mean(dim=(0, 1, 3, 4)).numpy()
    return np.round(levels / frame_value(1)).astype(int)


def test_video_dataset_with_n_rand(tmp_path):
    path = str(tmp_path / 'clip.mp4')
    writer = cv2.VideoWriter(path, cv2.VideoWriter_fourcc(*'mp4v'), 25,
                             (32, 24))
    for t in range(1, NUM + 1):
        writer.write(np.full((24, 32, 3), frame_value(t), np.uint8))
    writer.release()
    with open(tmp_path / 'list.txt', 'w') as f:
        f.write('clip.mp4 3\n')
    pipeline = [dict(type='OpenCVInit')] + _pipeline(
        dict(type='SegmentRandomSample', num_segments=6, test_mode=True),
        dict(type='OpenCVDecode'))
    ds = VideoDataset(str(tmp_path / 'list.txt'), pipeline,
                      data_prefix=dict(video=str(tmp_path)), test_mode=True,
                      serialize_data=False)
    packed = ds[0]
    assert packed['inputs'].shape == (1, 3, 6, 16, 21)
    assert packed['data_samples'].gt_label.item() == 3
    # centre of each of the 6 segments of 4 frames (0-based 2, 6, ...)
    assert _frame_numbers(packed['inputs']).tolist() == [3, 7, 11, 15, 19,
                                                         23]


@pytest.mark.parametrize('length, rate', [(4, 1), (4, 3), (8, 2)])
def test_rawframe_dataset_with_length_rate(tmp_path, length, rate):
    write_frame_folder(osp.join(str(tmp_path), 'v'), NUM)
    with open(tmp_path / 'list.txt', 'w') as f:
        f.write(f'v {NUM} 1\n')
    pipeline = _pipeline(
        dict(type='LengthRateSample', length=length, rate=rate),
        dict(type='RawFrameDecode'))
    ds = RawframeDataset(str(tmp_path / 'list.txt'), pipeline,
                         data_prefix=dict(img=str(tmp_path)),
                         filename_tmpl='img_{:05d}.jpg', start_index=1,
                         serialize_data=False)
    frames = _frame_numbers(ds[0]['inputs'])
    assert len(frames) == length
    assert (np.diff(frames) == rate).all()
    assert 1 <= frames[0] and frames[-1] <= NUM
