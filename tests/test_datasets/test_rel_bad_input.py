"""Bad input: each kind gives one error naming the file or sample and the
problem, or, with ``skip_bad_samples=True``, a warning, another sample and a
count (issue 17, point 3). Files are written in the real formats."""
import io
import logging
import os
import os.path as osp
import pickle
from types import SimpleNamespace

import cv2
import numpy as np
import pytest
import torch
from mmengine.logging import MMLogger
from mmengine.registry import DefaultScope
from spoil import empty as _empty
from spoil import garbage as _garbage
from spoil import gray
from spoil import truncate as _truncate
from tiny_act import H, W, act_gt, write_act

from mmcontinuity.datasets import (ACTTubeletDataset, AVATubeletDataset,
                                   BadAnnotationError, BadSampleError,
                                   CorruptFileError, DAVIS2016Dataset,
                                   MissingFileError, SkippedSamplesHook)
from mmcontinuity.datasets.flow_io import read_flow_frame

PIPELINE = [dict(type='LoadFrames'), dict(type='LoadFlowFrames'),
            dict(type='PackTubeletInputs')]


@pytest.fixture(autouse=True)
def mmaction_scope():
    with DefaultScope.overwrite_default_scope('mmaction'):
        yield


def _act(root, ann_file, pipeline=PIPELINE, **kwargs):
    prefix = dict(img=osp.join(root, 'rawframes'),
                  flow=osp.join(root, 'flow'))
    kwargs.setdefault('clip_len', 4)
    return ACTTubeletDataset(ann_file, list(pipeline), data_prefix=prefix,
                             serialize_data=False, **kwargs)


def _index(dataset, video, frame):
    """Index of the first sample of ``video`` that holds ``frame``."""
    for i in range(len(dataset)):
        info = dataset.get_data_info(i)
        if info['video_id'] == video and frame in info['frame_inds']:
            return i
    raise AssertionError((video, frame))


def _write_act(tmp_path, modify=None):
    gt = act_gt()
    if modify is not None:
        modify(gt)
    root = str(tmp_path)
    return root, write_act(root, gt)


def _jpeg_bytes(path):
    with open(path, 'rb') as f:
        return f.read()


# --- frames and flow: missing, empty, truncated, undecodable, channels ---

def _gray(path):
    gray(path, H, W)


@pytest.mark.parametrize('spoil, error, message', [
    (os.remove, MissingFileError, r'video v1: frame 4 missing \(.*00004'),
    (_empty, CorruptFileError, r'video v1: frame 4: .*00004.jpg is empty'),
    (_truncate, CorruptFileError,
     r'video v1: frame 4: .*00004.jpg is a truncated JPEG'),
    (_garbage, CorruptFileError,
     r'video v1: frame 4: .*00004.jpg is not a readable image'),
    (_gray, CorruptFileError,
     r'video v1: frame 4: .*00004.jpg has 1 channel\(s\), expected 3'),
])
def test_bad_rgb_frame(act_root, spoil, error, message):
    root, ann_file, _ = act_root
    spoil(osp.join(root, 'rawframes', 'v1', 'img_00004.jpg'))
    dataset = _act(root, ann_file)
    with pytest.raises(error, match=message) as info:
        dataset[_index(dataset, 'v1', 4)]
    assert info.value.path.endswith(osp.join('v1', 'img_00004.jpg'))
    assert isinstance(info.value, BadSampleError)


def _colour(path):
    cv2.imwrite(path, np.full((H, W, 3), 128, np.uint8))


@pytest.mark.parametrize('spoil, error, message', [
    (os.remove, MissingFileError, 'flow_y_00003.jpg not found'),
    (_empty, CorruptFileError, 'flow_y_00003.jpg is empty'),
    (_truncate, CorruptFileError, 'flow_y_00003.jpg is a truncated JPEG'),
    (_colour, CorruptFileError,
     r'flow_y_00003.jpg has 3 channel\(s\), expected 1'),
])
def test_bad_flow_frame(act_root, spoil, error, message):
    root, ann_file, _ = act_root
    spoil(osp.join(root, 'flow', 'v2', 'flow_y_00003.jpg'))
    dataset = _act(root, ann_file)
    with pytest.raises(error, match='video v2: flow frame 3: .*' + message):
        dataset[_index(dataset, 'v2', 3)]
    with pytest.raises(error, match=message):  # the reader alone
        read_flow_frame(osp.join(root, 'flow', 'v2'), 3)


def test_missing_flow_frame_is_still_a_file_not_found_error(act_root):
    root, ann_file, _ = act_root
    os.remove(osp.join(root, 'flow', 'v2', 'flow_x_00003.jpg'))
    with pytest.raises(FileNotFoundError, match='flow_x_00003'):
        read_flow_frame(osp.join(root, 'flow', 'v2'), 3)


def test_good_frames_decode_as_before(act_root):
    """The checked decoding gives mmcv.imfrombytes's RGB pixels."""
    import mmcv
    root, ann_file, _ = act_root
    dataset = _act(root, ann_file, pipeline=[dict(type='LoadFrames')])
    results = dataset[_index(dataset, 'v1', 4)]
    for index, img in zip(results['frame_inds'], results['imgs']):
        path = osp.join(root, 'rawframes', 'v1', f'img_{index:05d}.jpg')
        assert np.array_equal(
            img, mmcv.imfrombytes(_jpeg_bytes(path), channel_order='rgb'))


# --- annotations ---

def _box(gt, box):
    gt['gttubes']['v2'][1][0][1, 1:] = box
    gt['actor_tracks']['v2'][1][0][1, 1:] = box


@pytest.mark.parametrize('box, what', [
    ([10, 10, W + 5, 20], 'outside'), ([20, 10, 10, 20], 'x2 < x1')])
def test_bad_box_rows(tmp_path, box, what):
    root, ann_file = _write_act(tmp_path, lambda gt: _box(gt, box))
    with pytest.raises(BadAnnotationError,
                       match=r'Tiny-GT.pkl: video v2: .*box .* on frame 3 is '
                       r'empty or outside the 48x32 image'):
        _act(root, ann_file)


def test_unknown_label(tmp_path):
    def relabel(gt):
        gt['gttubes']['v2'] = {5: gt['gttubes']['v2'][1]}
        del gt['actor_tracks']
    root, ann_file = _write_act(tmp_path, relabel)
    with pytest.raises(BadAnnotationError,
                       match=r'video v2: unknown label 5 \(2 classes\)'):
        _act(root, ann_file)


@pytest.mark.parametrize('content, message', [
    (b'', 'EOFError'), (b'not a pickle', 'UnpicklingError'),
    (pickle.dumps(7), 'TypeError')])
def test_empty_or_malformed_act_pickle(act_root, content, message):
    root, ann_file, _ = act_root
    with open(ann_file, 'wb') as f:
        f.write(content)
    with pytest.raises(BadAnnotationError,
                       match=f'Tiny-GT.pkl is not an ACT ground-truth pickle '
                       f'.*{message}'):
        _act(root, ann_file)


def test_act_split_without_samples(tmp_path):
    def no_videos(gt):
        gt['train_videos'][0] = []
    root, ann_file = _write_act(tmp_path, no_videos)
    with pytest.raises(BadAnnotationError, match='split 1 gives no sample'):
        _act(root, ann_file)


def test_clip_longer_than_video(act_root):
    """An error by default; pad_short=True repeats the last frame (J-HMDB's
    videos are shorter than some clips)."""
    root, ann_file, _ = act_root
    with pytest.raises(BadSampleError,
                       match=r'video v2 has 10 frames, shorter than a clip of '
                       r'12 frames.*pad_short=True'):
        _act(root, ann_file, clip_len=12)
    padded = _act(root, ann_file, clip_len=12, pad_short=True)
    inds = padded.get_data_info(_index(padded, 'v2', 10))['frame_inds']
    assert inds.tolist() == list(range(1, 11)) + [10, 10]


def test_missing_data_root_fails_at_construction(act_root):
    root, ann_file, _ = act_root
    with pytest.raises(MissingFileError, match='frame root .*nowhere'):
        ACTTubeletDataset(ann_file, [], serialize_data=False,
                          data_prefix=dict(img=osp.join(root, 'nowhere')))
    with pytest.raises(MissingFileError, match='not found: .*nope.pkl'):
        _act(root, osp.join(root, 'nope.pkl'))


# --- AVA csv ---

def _ava(tmp_path, rows, frames=True, **kwargs):
    root = str(tmp_path)
    if frames:
        from tiny_act import write_frame_folder
        write_frame_folder(osp.join(root, 'rawframes', 'movie'), 16)
    ann = osp.join(root, 'train.csv')
    with open(ann, 'w') as f:
        f.write(''.join(row + '\n' for row in rows))
    return AVATubeletDataset(
        ann, [], data_prefix=dict(img=osp.join(root, 'rawframes')),
        num_classes=4, fps=4, timestamp_start=0, timestamp_end=4,
        serialize_data=False, **kwargs)


GOOD_ROW = 'movie,0001,0.1,0.1,0.3,0.5,1,0'


@pytest.mark.parametrize('rows, message', [
    ([], r'train.csv is empty'),
    ([GOOD_ROW, 'movie,0002,0.1,0.1,0.3'], r'train.csv:2: expected 8 fields'),
    (['movie,two,0.1,0.1,0.3,0.5,1,0'], r'train.csv:1: invalid literal'),
    ([GOOD_ROW, 'movie,0002,0.1,0.1,0.3,0.5,7,0'],
     r'train.csv:2: unknown action 7 \(labels are 1..3'),
    (['movie,0002,0.5,0.5,0.4,0.9,1,0'], r'train.csv:1: box .* not a '
     'normalised xyxy box inside the image'),
])
def test_bad_ava_csv(tmp_path, rows, message):
    with pytest.raises(BadAnnotationError, match=message):
        _ava(tmp_path, rows)


def test_ava_missing_frame_folder_fails_at_construction(tmp_path):
    with pytest.raises(MissingFileError, match='video movie: frame folder'):
        _ava(tmp_path, [GOOD_ROW], frames=False)


def test_opencv_error_of_an_upstream_transform_names_the_sample(tmp_path):
    """mmaction2's RawFrameDecode runs cvtColor on a failed decode."""
    pipeline = [dict(type='SampleAVAFrames', clip_len=4, frame_interval=1,
                     test_mode=True), dict(type='RawFrameDecode')]
    dataset = _ava(tmp_path, [GOOD_ROW], test_mode=True)
    dataset.pipeline = type(dataset.pipeline)(pipeline)
    for name in os.listdir(dataset.get_data_info(0)['frame_dir']):
        _truncate(osp.join(dataset.get_data_info(0)['frame_dir'], name))
    with pytest.raises(CorruptFileError,
                       match=r'sample 0 \(video_id movie, frame_dir .*movie, '
                       r'timestamp 1\): OpenCV could not process'):
        dataset[0]


# --- DAVIS image-set (list) file, masks ---

def _davis(tmp_path, image_set, pipeline=(), num=3, clip_len=2):
    root = str(tmp_path)
    frame, mask = np.full((8, 8, 3), 9, np.uint8), np.zeros((8, 8), np.uint8)
    for d, ext, data in (('JPEGImages', 'jpg', frame),
                         ('Annotations', 'png', mask)):
        os.makedirs(osp.join(root, d, '480p', 'bear'))
        for t in range(num):
            cv2.imwrite(osp.join(root, d, '480p', 'bear', f'{t:05d}.{ext}'),
                        data)
    with open(osp.join(root, 'set.txt'), 'w') as f:
        f.write(image_set)
    return DAVIS2016Dataset('set.txt', list(pipeline), data_root=root,
                            clip_len=clip_len, serialize_data=False)


@pytest.mark.parametrize('image_set, message', [
    ('', r'DAVIS image set .*set.txt is empty'),
    ('bear\na b c\n', r'set.txt:2: expected a sequence name')])
def test_bad_davis_image_set(tmp_path, image_set, message):
    with pytest.raises(BadAnnotationError, match=message):
        _davis(tmp_path, image_set)


def test_davis_missing_root_and_short_sequence(tmp_path):
    with pytest.raises(BadSampleError, match=r'sequence bear has 3 frames, '
                       'shorter than a clip of 4'):
        _davis(tmp_path / 'a', 'bear\n', clip_len=4)
    with pytest.raises(MissingFileError, match='DAVIS folder .*JPEGImages'):
        DAVIS2016Dataset('set.txt', [], data_root=str(tmp_path / 'none'),
                         serialize_data=False)


def test_corrupt_mask(tmp_path):
    dataset = _davis(tmp_path, 'bear\n', pipeline=[dict(type='LoadFrames'),
                                                   dict(type='LoadMasks')])
    _garbage(osp.join(str(tmp_path), 'Annotations', '480p', 'bear',
                      '00001.png'))
    with pytest.raises(CorruptFileError, match=r'video bear: mask of frame 1 '
                       r'is not a readable image \(.*00001.png\)'):
        dataset[0]


# --- skip_bad_samples ---

def test_skip_bad_samples_logs_and_counts(act_root):
    root, ann_file, _ = act_root
    _truncate(osp.join(root, 'rawframes', 'v1', 'img_00004.jpg'))
    dataset = _act(root, ann_file, skip_bad_samples=True)
    bad = [i for i in range(len(dataset))
           if dataset.get_data_info(i)['video_id'] == 'v1'
           and 4 in dataset.get_data_info(i)['frame_inds']]
    logger = MMLogger.get_current_instance()
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger.addHandler(handler)
    try:
        samples = [dataset[i] for i in bad]
        count = dataset.skipped_samples
        runner = SimpleNamespace(
            epoch=2, logger=logger,
            train_dataloader=SimpleNamespace(dataset=dataset))
        SkippedSamplesHook().after_train_epoch(runner)
    finally:
        logger.removeHandler(handler)
    log = stream.getvalue()
    assert count >= len(bad)  # a random refetch may hit a bad one again
    for sample in samples:  # other samples, without the bad frame
        assert 4 not in sample['data_samples'].metainfo['frame_inds'] or \
            sample['data_samples'].metainfo['video_id'] != 'v1'
    assert (f'skipped bad sample {bad[0]} of ACTTubeletDataset: video v1: '
            'frame 4') in log
    assert (f'epoch 3: {count} bad samples of ACTTubeletDataset skipped'
            in log)
    assert dataset.skipped_samples == 0


def test_skip_bad_samples_is_refused_in_test_mode(act_root):
    root, ann_file, _ = act_root
    with pytest.raises(ValueError, match='for training only'):
        _act(root, ann_file, skip_bad_samples=True, test_mode=True)


def test_skipped_samples_are_counted_across_data_workers(act_root):
    root, ann_file, _ = act_root
    for name in ('img_00004.jpg', 'img_00005.jpg'):
        _empty(osp.join(root, 'rawframes', 'v1', name))
    dataset = _act(root, ann_file, skip_bad_samples=True)
    bad = [i for i in range(len(dataset))
           if dataset.get_data_info(i)['video_id'] == 'v1'
           and {4, 5} & set(dataset.get_data_info(i)['frame_inds'])]
    loader = torch.utils.data.DataLoader(dataset, batch_size=None,
                                         sampler=bad, num_workers=2)
    assert len(list(loader)) == len(bad)
    assert dataset.skipped_samples >= len(bad)


# --- split (list) files of the recognition data sets ---

def test_empty_or_malformed_split_files(tmp_path):
    from mmcontinuity.datasets.recognition_lists import (hmdb51_splits,
                                                         ucf101_splits)
    ucf = tmp_path / 'ucf'
    ucf.mkdir()
    (ucf / 'classInd.txt').write_text('')
    with pytest.raises(BadAnnotationError, match='classInd.txt is empty'):
        ucf101_splits(str(ucf))
    (ucf / 'classInd.txt').write_text('1 Archery\n2\n')
    with pytest.raises(BadAnnotationError,
                       match=r"classInd.txt:2: expected 2 fields, got '2'"):
        ucf101_splits(str(ucf))
    hmdb = tmp_path / 'hmdb'
    hmdb.mkdir()
    for k in (1, 2, 3):
        (hmdb / f'jump_test_split{k}.txt').write_text('a.avi 1\n\nb.avi\n')
    with pytest.raises(BadAnnotationError,
                       match=r"jump_test_split1.txt:3: expected 2 fields"):
        hmdb51_splits(str(hmdb))


def test_skipped_samples_hook_sees_through_dataset_wrappers(act_root):
    """Counted once under mmengine's wrappers and tools/train.py's
    attribute-forwarding SampleSeededDataset."""
    from mmengine.dataset import ConcatDataset
    from mmcontinuity.engine import SampleSeededDataset
    root, ann_file, _ = act_root
    _empty(osp.join(root, 'rawframes', 'v1', 'img_00004.jpg'))
    dataset = _act(root, ann_file, skip_bad_samples=True)
    dataset[_index(dataset, 'v1', 4)]
    count = dataset.skipped_samples
    wrapped = SampleSeededDataset(ConcatDataset([dataset]))
    logger = MMLogger.get_current_instance()
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger.addHandler(handler)
    try:
        SkippedSamplesHook().after_train_epoch(SimpleNamespace(
            epoch=0, logger=logger,
            train_dataloader=SimpleNamespace(dataset=wrapped)))
    finally:
        logger.removeHandler(handler)
    assert stream.getvalue().count('bad samples of') == 1
    assert f'epoch 1: {count} bad samples of ACTTubeletDataset' in \
        stream.getvalue()


# --- through tools/test.py (the case of issue 17) ---

@pytest.mark.slow
def test_tools_test_names_a_truncated_frame(tmp_path, repo_root):
    """tools/test.py on a benchmark test set with a truncated JPEG stops with
    an error naming the video, frame and file (was cv2's cvtColor
    assertion)."""
    import subprocess
    import sys

    from mmaction.registry import MODELS
    from mmengine.config import Config

    from mmcontinuity.datasets.bench import generate
    generate(str(tmp_path / 'data' / 'continuity_bench'),
             splits=('tubelets', ), scale=0.002, progress=False)
    config = osp.join(repo_root, 'configs/tuber', 'tuber_r3d18-tiny_1xb2-'
                      '8x1x1-3e_continuity-bench-tubelets-rgb.py')
    checkpoint = str(tmp_path / 'random.pth')
    torch.save(dict(state_dict=MODELS.build(
        Config.fromfile(config).model).state_dict()), checkpoint)
    frames = tmp_path / 'data/continuity_bench/tubelets/rawframes'
    video = sorted(p.name for p in frames.iterdir()
                   if p.name.startswith('test'))[0]
    _truncate(str(frames / video / 'img_00003.jpg'))
    proc = subprocess.run(
        [sys.executable, osp.join(repo_root, 'tools/test.py'), config,
         checkpoint, '--work-dir', str(tmp_path / 'work'), '--cfg-options',
         'test_dataloader.num_workers=0',
         'test_dataloader.persistent_workers=False'],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
        env=dict(os.environ, PYTHONPATH=repo_root, OMP_NUM_THREADS='1'))
    assert proc.returncode != 0
    assert (f'CorruptFileError: video {video}: frame 3: '
            f'data/continuity_bench/tubelets/rawframes/{video}/img_00003.jpg '
            'is a truncated JPEG') in proc.stderr, proc.stderr[-3000:]
    assert 'cvtColor' not in proc.stderr


def test_frame_of_another_size_than_annotated(act_root):
    root, ann_file, _ = act_root
    cv2.imwrite(osp.join(root, 'rawframes', 'v1', 'img_00004.jpg'),
                np.zeros((H + 2, W, 3), np.uint8))
    dataset = _act(root, ann_file)
    with pytest.raises(CorruptFileError, match=r'img_00004.jpg is 48x34 but '
                       r'the annotation of video v1 says 48x32'):
        dataset[_index(dataset, 'v1', 4)]


def test_missing_or_corrupt_feature_bank(tmp_path):
    from mmcontinuity.datasets.transforms import LoadFeatureBank
    load = LoadFeatureBank(str(tmp_path), spacing=8)
    np.save(tmp_path / 'vid.positions.npy', np.array([4., 12.]))
    with pytest.raises(MissingFileError, match=r"video 'vid' .*vid.feats"):
        load(dict(video_id='vid', frame_inds=np.arange(8)))
    _empty(str(tmp_path / 'vid.feats.npy'))
    with pytest.raises(CorruptFileError, match=r"feature bank of video 'vid' "
                       r'.*vid.feats.npy\) is not readable'):
        load(dict(video_id='vid', frame_inds=np.arange(8)))
