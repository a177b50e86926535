"""List files from tiny copies of the official UCF101/HMDB51/Kinetics
splits, read back by mmaction2's RawframeDataset."""
import os
import os.path as osp

import pytest
from mmaction.datasets import RawframeDataset
from tiny_act import write_frame_folder

from mmcontinuity.datasets.recognition_lists import (hmdb51_splits,
                                                     kinetics_split,
                                                     list_lines, ucf101_splits)


def _write(path, text):
    os.makedirs(osp.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        f.write(text)


def test_ucf101_three_splits(tmp_path):
    d = str(tmp_path / 'ucfTrainTestlist')
    _write(f'{d}/classInd.txt', '1 ApplyEyeMakeup\n2 Archery\n')
    for k in (1, 2, 3):
        _write(f'{d}/trainlist0{k}.txt',
               f'ApplyEyeMakeup/v_ApplyEyeMakeup_g0{k}_c01.avi 1\n'
               f'Archery/v_Archery_g0{k}_c01.avi 2\n')
        _write(f'{d}/testlist0{k}.txt', 'Archery/v_Archery_g09_c01.avi\n')
    classes, splits = ucf101_splits(d)
    assert classes == ['ApplyEyeMakeup', 'Archery']
    assert splits[2]['train'] == [
        ('ApplyEyeMakeup/v_ApplyEyeMakeup_g02_c01.avi', 0),
        ('Archery/v_Archery_g02_c01.avi', 1)]
    assert list_lines(splits[3]['test']) == [
        'Archery/v_Archery_g09_c01.avi 1']
    _write(f'{d}/testlist01.txt', 'Bowling/v_Bowling_g01_c01.avi\n')
    with pytest.raises(ValueError, match="testlist01.txt: unknown class "
                       "'Bowling'"):
        ucf101_splits(d)


def test_hmdb51_splits_to_rawframe_lists(tmp_path):
    d = str(tmp_path / 'splits')
    for k in (1, 2, 3):
        _write(f'{d}/wave_test_split{k}.txt', 'a.avi 1\nb.avi 2\nc.avi 0\n')
        _write(f'{d}/jump_test_split{k}.txt', 'd.avi 2\ne.avi 1\n')
    classes, splits = hmdb51_splits(d)
    assert classes == ['jump', 'wave']
    assert splits[1]['train'] == [('jump/e.avi', 0), ('wave/a.avi', 1)]
    assert splits[1]['test'] == [('jump/d.avi', 0), ('wave/b.avi', 1)]
    frames = str(tmp_path / 'rawframes')
    write_frame_folder(osp.join(frames, 'jump', 'e'), 7)
    write_frame_folder(osp.join(frames, 'wave', 'a'), 5)
    lines = list_lines(splits[1]['train'], frames)
    assert lines == ['jump/e 7 0', 'wave/a 5 1']
    ann = str(tmp_path / 'hmdb51_train_split_1_rawframes.txt')
    _write(ann, '\n'.join(lines) + '\n')
    ds = RawframeDataset(ann, [], data_prefix=dict(img=frames),
                         serialize_data=False)
    assert [ds.get_data_info(i)['total_frames'] for i in range(2)] == [7, 5]
    with pytest.raises(FileNotFoundError, match='frame folder of jump/d.avi'):
        list_lines(splits[1]['test'], frames)


def test_kinetics_csv(tmp_path):
    path = str(tmp_path / 'train.csv')
    _write(path, 'label,youtube_id,time_start,time_end,split\n'
           'playing guitar,abc,10,20,train\nabseiling,xyz,0,10,train\n')
    classes, items = kinetics_split(path)
    assert classes == ['abseiling', 'playing_guitar']
    assert items[0] == ('playing_guitar/abc_000010_000020.mp4', 1)
