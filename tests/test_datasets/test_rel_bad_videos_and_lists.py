"""Bad video files and mmaction2 list files (issue 17, point 3): one error
naming the file (and the line) and the problem, or, with
``skip_bad_samples=True``, a skipped and counted sample. The videos are
real mp4 files written by ``cv2.VideoWriter``."""
import os
import os.path as osp

import cv2
import numpy as np
import pytest
from mmaction.datasets import RawframeDataset, VideoDataset
from mmaction.registry import TRANSFORMS
from mmengine.registry import DefaultScope

from mmcontinuity.datasets import (BadAnnotationError, CheckedRawframeDataset,
                                   CheckedVideoDataset, CorruptFileError,
                                   MissingFileError)

FRAMES = 12


@pytest.fixture(autouse=True)
def mmaction_scope():
    with DefaultScope.overwrite_default_scope('mmaction'):
        yield


def _write_video(path, frames=FRAMES):
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*'mp4v'), 8,
                             (32, 24))
    for t in range(frames):
        writer.write(np.full((24, 32, 3), 20 * t, np.uint8))
    writer.release()


@pytest.fixture
def videos(tmp_path):
    """good.mp4; empty.mp4 (0 bytes); cut.mp4 (the first half of good.mp4,
    so its index, written at the end, is lost)."""
    root = tmp_path / 'videos'
    root.mkdir()
    _write_video(root / 'good.mp4')
    content = (root / 'good.mp4').read_bytes()
    (root / 'empty.mp4').write_bytes(b'')
    (root / 'cut.mp4').write_bytes(content[:len(content) // 2])
    return root


@pytest.mark.parametrize('init', ['CheckedDecordInit', 'CheckedOpenCVInit'])
@pytest.mark.parametrize('name, error, message', [
    ('empty.mp4', CorruptFileError, r'video file .*empty.mp4 is empty '
     r'\(0 bytes\)'),
    ('cut.mp4', CorruptFileError, r'video file .*cut.mp4 \(\d+ bytes\) is '
     r'not a readable video \(truncated or corrupt; '),
    ('none.mp4', MissingFileError, r'video file .*none.mp4 not found'),
])
def test_bad_video_file(videos, init, name, error, message):
    path = str(videos / name)
    with pytest.raises(error, match=message) as info:
        TRANSFORMS.build(dict(type=init))(dict(filename=path))
    assert info.value.path == path


@pytest.mark.parametrize('init', ['DecordInit', 'OpenCVInit'])
def test_good_video_opens_as_in_mmaction(videos, init):
    path = str(videos / 'good.mp4')
    ours = TRANSFORMS.build(dict(type=f'Checked{init}'))(dict(filename=path))
    theirs = TRANSFORMS.build(dict(type=init))(dict(filename=path))
    assert ours['total_frames'] == theirs['total_frames'] == FRAMES


def _video_dataset(videos, lines, **kwargs):
    ann = videos.parent / 'list.txt'
    ann.write_text(''.join(line + '\n' for line in lines))
    pipeline = [dict(type='CheckedDecordInit'),
                dict(type='SampleFrames', clip_len=4, num_clips=1),
                dict(type='DecordDecode')]
    return CheckedVideoDataset(str(ann), pipeline, serialize_data=False,
                               data_prefix=dict(video=str(videos)), **kwargs)


def test_bad_video_in_a_dataset_is_named_or_skipped(videos):
    dataset = _video_dataset(videos, ['good.mp4 0', 'empty.mp4 1'])
    assert len(dataset[0]['imgs']) == 4
    with pytest.raises(CorruptFileError, match='empty.mp4 is empty'):
        dataset[1]
    dataset = _video_dataset(videos, ['good.mp4 0', 'cut.mp4 1'],
                             skip_bad_samples=True)
    assert dataset[1]['filename'].endswith('good.mp4')  # drawn instead
    assert dataset.skipped_samples >= 1  # the draw may hit cut.mp4 again


# --- list files ---

def _frames(root, video='v', frames=4):
    os.makedirs(root / video)
    for t in range(1, frames + 1):
        cv2.imwrite(str(root / video / f'img_{t:05d}.jpg'),
                    np.full((8, 8, 3), 9 * t, np.uint8))


def _rawframes(tmp_path, lines, cls=CheckedRawframeDataset, **kwargs):
    root = tmp_path / 'rawframes'
    if not root.exists():
        _frames(root)
    ann = tmp_path / 'list.txt'
    ann.write_text(''.join(line + '\n' for line in lines))
    kwargs.setdefault('data_prefix', dict(img=str(root)))
    kwargs.setdefault('pipeline', [])
    return cls(str(ann), serialize_data=False, **kwargs)


@pytest.mark.parametrize('lines, kwargs, message', [
    ([], {}, r'list file .*list.txt is empty'),
    (['v 4 0', 'v four 0'], {},
     r"list.txt:2: total_frames 'four' is not an integer; a line is path "
     r"total_frames label\(s\), got 'v four 0'"),
    (['v 4 0', 'v'], {}, r'list.txt:2: expected at least 2 fields'),
    (['v 4 0', 'v 4 a'], {}, r"list.txt:2: label 'a' is not an integer"),
    (['v 4 0', '', 'v 4 0'], {}, r'list.txt:2: blank line'),
    (['v 0 0'], {}, r'list.txt:1: total_frames 0 is below 1'),
    (['v 4 0 1'], {}, r'list.txt:1: 2 labels \(multi_class=False\)'),
    (['v 4 0', 'v 4 3'], dict(num_classes=3),
     r'list.txt:2: unknown label 3 \(num_classes=3\)'),
    (['v 4'], dict(with_offset=True),
     r'list.txt:1: expected at least 3 fields; a line is path offset '
     r'total_frames'),
    (['v -1 4 0'], dict(with_offset=True), r'offset -1 is below 0'),
])
def test_bad_rawframe_list_file(tmp_path, lines, kwargs, message):
    with pytest.raises(BadAnnotationError, match=message) as info:
        _rawframes(tmp_path, lines, **kwargs)
    assert info.value.path == str(tmp_path / 'list.txt')


def test_bad_video_list_file(videos):
    for lines, message in ((['good.mp4 x'], r":1: label 'x' is not an "
                            'integer'),
                           (['good.mp4 0 1'], r':1: 2 labels'),
                           (['good.mp4  0'], r":1: label '' is not")):
        with pytest.raises(BadAnnotationError, match='list.txt' + message):
            _video_dataset(videos, lines)


def test_missing_list_file_or_data_root(tmp_path, videos):
    with pytest.raises(MissingFileError, match='list file not found'):
        CheckedRawframeDataset(str(tmp_path / 'none.txt'), [],
                               serialize_data=False)
    with pytest.raises(MissingFileError, match=r'frame root .*nowhere not '
                       r'found \(check data_root and data_prefix\)'):
        _rawframes(tmp_path, ['v 4 0'],
                   data_prefix=dict(img=str(tmp_path / 'nowhere')))
    (tmp_path / 'videos.txt').write_text('a.mp4 1\n')
    with pytest.raises(MissingFileError, match='video root .*nowhere'):
        CheckedVideoDataset(
            str(tmp_path / 'videos.txt'), [], serialize_data=False,
            data_prefix=dict(video=str(tmp_path / 'nowhere')))


@pytest.mark.parametrize('lines, kwargs', [
    (['v 4 0', 'v 3 2', 'v 4'], {}),
    (['v 1 3 0', 'v 0 4 1'], dict(with_offset=True)),
    (['v 4 0 2', 'v 4 1'], dict(multi_class=True, num_classes=3)),
])
def test_good_list_file_gives_mmaction_data_list(tmp_path, lines, kwargs):
    ours = _rawframes(tmp_path, lines, **kwargs)
    theirs = _rawframes(tmp_path, lines, cls=RawframeDataset, **kwargs)
    assert ours.data_list == theirs.data_list
    assert len(ours) == len(lines)
    (tmp_path / 'videos.txt').write_text('a.mp4 1\nb.mp4 0\nc.mp4\n')
    ours, theirs = (cls(str(tmp_path / 'videos.txt'), [],
                        serialize_data=False)
                    for cls in (CheckedVideoDataset, VideoDataset))
    assert ours.data_list == theirs.data_list


def _cut(path):
    content = path.read_bytes()
    path.write_bytes(content[:len(content) // 2])


@pytest.mark.parametrize('spoil, error, message', [
    (os.remove, MissingFileError, 'No such file .*img_00003.jpg'),
    (lambda path: path.write_bytes(b''), CorruptFileError,
     'OpenCV could not process an image'),
    (_cut, CorruptFileError, 'OpenCV could not process an image')])
def test_bad_frame_of_a_rawframe_video_is_named_or_skipped(
        tmp_path, spoil, error, message):
    """mmaction2's RawFrameDecode reads the frames."""
    _frames(tmp_path / 'rawframes', 'v')
    _frames(tmp_path / 'rawframes', 'w')
    spoil(tmp_path / 'rawframes' / 'w' / 'img_00003.jpg')
    lines = ['v 4 0', 'w 4 1']
    pipeline = [dict(type='SampleFrames', clip_len=4, num_clips=1,
                     test_mode=True), dict(type='RawFrameDecode')]
    dataset = _rawframes(tmp_path, lines, pipeline=pipeline)
    with pytest.raises(error, match=r'sample 1 \(frame_dir .*w\): .*' +
                       message):
        dataset[1]
    dataset = _rawframes(tmp_path, lines, pipeline=pipeline,
                         skip_bad_samples=True)
    assert osp.basename(dataset[1]['frame_dir']) == 'v'
    assert dataset.skipped_samples >= 1
