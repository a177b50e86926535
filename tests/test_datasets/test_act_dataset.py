"""ACTTubeletDataset on a tiny ACT dataset written in the real format."""
import os
import pickle

import cv2
import numpy as np
import pytest
import torch
from mmengine.registry import DefaultScope
from tiny_act import H, W, act_gt, frame_value, write_act, write_frame_folder

from mmcontinuity.datasets import ACTTubeletDataset

PIPELINE = [
    dict(type='LoadFrames'),
    dict(type='LoadFlowFrames'),
    dict(type='PackTubeletInputs'),
]


@pytest.fixture(autouse=True)
def mmaction_scope():
    """Pipelines are built from the mmaction2 registries, as in a config."""
    with DefaultScope.overwrite_default_scope('mmaction'):
        yield


def _dataset(root, ann_file, pipeline=(), **kwargs):
    prefix = dict(img=os.path.join(root, 'rawframes'),
                  flow=os.path.join(root, 'flow'))
    return ACTTubeletDataset(ann_file, list(pipeline), data_prefix=prefix,
                             serialize_data=False, **kwargs)


def _find(dataset, video, first):
    for i in range(len(dataset)):
        info = dataset.get_data_info(i)
        if info['video_id'] == video and info['frame_inds'][0] == first:
            return info, i
    raise AssertionError(f'no sample of {video} starting at {first}')


def test_clip_samples_carry_every_actor_on_every_frame(act_root):
    root, ann_file, gt = act_root
    ds = _dataset(root, ann_file, clip_len=4)
    # train, split 1: every start with a visible actor (v2: frames 2-5 only)
    assert len(ds) == 9 + 5
    assert ds.metainfo['classes'] == ('wave', 'jump')
    info, _ = _find(ds, 'v1', 3)
    assert info['frame_inds'].tolist() == [3, 4, 5, 6]
    assert info['gt_labels'].tolist() == [0, 1]
    assert info['gt_bboxes'].shape == (2, 4, 4)
    assert info['gt_bboxes'].dtype == np.float32
    # actor 0 (track from frame 1, x shifts by 1 px per frame) on frame 3
    assert info['gt_bboxes'][0, 0].tolist() == [2, 4, 12, 20]
    assert info['gt_valid'].tolist() == [[1, 1, 1, 1], [0, 0, 1, 1]]
    assert info['gt_action_on'].tolist() == [[1, 1, 1, 1], [0, 0, 1, 1]]
    assert info['gt_bboxes'][1, 2].tolist() == [20, 2, 30, 30]
    assert (info['gt_bboxes'][1, :2] == 0).all()
    # transitional frames: actor 0 visible on 9-10 without acting
    info, _ = _find(ds, 'v1', 7)
    assert info['gt_valid'][0].tolist() == [1, 1, 1, 1]
    assert info['gt_action_on'][0].tolist() == [1, 1, 0, 0]
    assert info['start_index'] == 1 and info['total_frames'] == 12


def test_pipeline_packs_frames_flow_and_tubelets(act_root):
    root, ann_file, _ = act_root
    ds = _dataset(root, ann_file, PIPELINE, clip_len=4, frame_interval=2)
    info, idx = _find(ds, 'v1', 3)
    assert info['frame_inds'].tolist() == [3, 5, 7, 9]
    packed = ds[idx]
    inputs, sample = packed['inputs'], packed['data_samples']
    assert inputs.shape == (5, 4, H, W) and inputs.dtype == torch.float32
    rgb = inputs[:3].mean(dim=(0, 2, 3))
    assert torch.allclose(rgb, torch.tensor([frame_value(t) for t in
                                             (3., 5., 7., 9.)]), atol=1.5)
    # flow channel x: +1 px left half, -1 px right half (bound 20)
    flow_x = inputs[3]
    assert flow_x[..., :W // 2].mean() > 127.5 > flow_x[..., W // 2:].mean()
    gt = sample.gt_instances
    assert gt.bboxes.shape == (2, 4, 4) and gt.labels.tolist() == [0, 1]
    assert gt.valid.dtype == torch.bool and gt.action_on.shape == (2, 4)
    assert sample.metainfo['video_id'] == 'v1'
    assert sample.metainfo['frame_inds'].tolist() == [3, 5, 7, 9]
    assert sample.metainfo['ori_shape'] == (H, W)
    assert sample.metainfo['flip'] is False


def test_test_mode_clips_tile_each_video(act_root):
    root, ann_file, _ = act_root
    ds = _dataset(root, ann_file, clip_len=4, test_mode=True)
    starts = {}
    for i in range(len(ds)):
        info = ds.get_data_info(i)
        starts.setdefault(info['video_id'], []).append(
            int(info['frame_inds'][0]))
    assert starts == dict(v1=[1, 5, 9], v2=[1, 5, 7])
    # a clip without actors is kept at test time
    info, _ = _find(ds, 'v2', 7)
    assert info['gt_bboxes'].shape == (0, 4, 4)
    strided = _dataset(root, ann_file, clip_len=4, clip_stride=2,
                       test_mode=True)
    assert len(strided) == 5 + 4


def test_frame_and_video_modes(act_root):
    root, ann_file, _ = act_root
    frames = _dataset(root, ann_file, mode='frame')
    assert len(frames) == 12 + 4
    info, _ = _find(frames, 'v1', 5)
    assert info['gt_bboxes'].shape == (2, 1, 4)
    videos = _dataset(root, ann_file, PIPELINE, mode='video', test_mode=True)
    assert len(videos) == 2
    packed = videos[1]
    assert packed['inputs'].shape == (5, 10, H, W)
    assert packed['data_samples'].gt_instances.bboxes.shape == (1, 10, 4)


def test_data_root_and_rgb_only(act_root):
    root, ann_file, _ = act_root
    ds = ACTTubeletDataset(
        os.path.basename(ann_file), [dict(type='LoadFrames'),
                                     dict(type='PackTubeletInputs')],
        data_root=root, data_prefix=dict(img='rawframes'), clip_len=4,
        serialize_data=False)
    info = ds.get_data_info(0)
    assert 'flow_dir' not in info
    assert info['frame_dir'] == os.path.join(root, 'rawframes', 'v1')
    assert ds[0]['inputs'].shape == (3, 4, H, W)


def test_splits(act_root):
    root, ann_file, _ = act_root
    assert {_dataset(root, ann_file, split=2, mode='video')
            .get_data_info(0)['video_id']} == {'v1'}
    assert _dataset(root, ann_file, split=3, mode='video',
                    test_mode=True).get_data_info(0)['video_id'] == 'v1'
    with pytest.raises(ValueError, match='split 4 does not exist'):
        _dataset(root, ann_file, split=4)


def test_without_actor_tracks_boxes_are_known_where_acting(tmp_path):
    gt = act_gt(with_tracks=False)
    ann_file = write_act(str(tmp_path), gt)
    ds = _dataset(str(tmp_path), ann_file, clip_len=4, test_mode=True)
    info, _ = _find(ds, 'v1', 1)
    assert info['gt_valid'].tolist() == [[0, 0, 1, 1]]
    assert np.array_equal(info['gt_valid'], info['gt_action_on'])


def _write_modified(tmp_path, change):
    gt = act_gt()
    change(gt)
    return str(tmp_path), write_act(str(tmp_path), gt)


@pytest.mark.parametrize('change, error, match', [
    (lambda gt: gt['gttubes']['v1'][0][0].__setitem__((0, 3), 60.0),
     ValueError, 'video v1: tube 0 of 0 box .* outside the 48x32 image'),
    (lambda gt: gt['gttubes']['v2'].__setitem__(5, gt['gttubes']['v2'][1]),
     ValueError, 'video v2: unknown label 5'),
    (lambda gt: gt['nframes'].__setitem__('v2', 4), ValueError,
     'video v2: tube 0 of 1 has frames outside 1..4'),
    (lambda gt: gt['resolution'].pop('v1'), KeyError,
     'video v1 is missing from .resolution'),
    (lambda gt: gt.pop('gttubes'), KeyError, "lacks the keys \\['gttubes'\\]"),
])
def test_bad_annotations_name_video_and_problem(tmp_path, change, error,
                                                match):
    root, ann_file = _write_modified(tmp_path, change)
    with pytest.raises(error, match=match):
        _dataset(root, ann_file, clip_len=4)


def test_clip_longer_than_video(act_root):
    root, ann_file, _ = act_root
    with pytest.raises(ValueError,
                       match='video v2 has 10 frames, shorter than a clip '
                       'of 6 frames with interval 2'):
        _dataset(root, ann_file, clip_len=6, frame_interval=2)


def test_short_video_padded_with_its_last_frame(act_root):
    """pad_short: v2 (10 frames) gives one 12-frame clip whose last frames
    repeat frame 10, with the ground truth of those frames; v1 (12 frames)
    is tiled as usual."""
    root, ann_file, _ = act_root
    for test_mode in (False, True):
        ds = _dataset(root, ann_file, PIPELINE, clip_len=12, pad_short=True,
                      test_mode=test_mode)
        info, i = _find(ds, 'v2', 1)
        assert info['frame_inds'].tolist() == list(range(1, 11)) + [10, 10]
        np.testing.assert_array_equal(info['gt_bboxes'][:, 10:],
                                      info['gt_bboxes'][:, [9, 9]])
        packed = ds[i]
        clip = packed['inputs']
        assert clip.shape[1] == 12
        assert torch.equal(clip[:, 11], clip[:, 9])
        info, _ = _find(ds, 'v1', 1)
        assert info['frame_inds'].tolist() == list(range(1, 13))
    with pytest.raises(ValueError, match='pad_short=True repeats'):
        _dataset(root, ann_file, clip_len=12)


def test_bad_annotation_box_can_be_clipped(tmp_path):
    def overflow(gt):
        gt['gttubes']['v2'][1][0][0, 3] = W  # one pixel too far right
        gt['actor_tracks']['v2'][1][0][0, 3] = W
    root, ann_file = _write_modified(tmp_path, overflow)
    ds = _dataset(root, ann_file, clip_len=4, bbox_check='clip')
    info, _ = _find(ds, 'v2', 2)
    assert info['gt_bboxes'][0, 0, 2] == W - 1


def test_missing_files_name_the_file(act_root):
    root, ann_file, _ = act_root
    os.remove(os.path.join(root, 'rawframes', 'v1', 'img_00004.jpg'))
    ds = _dataset(root, ann_file, PIPELINE, clip_len=4)
    _, idx = _find(ds, 'v1', 3)
    with pytest.raises(FileNotFoundError, match='video v1: frame 4 missing'):
        ds[idx]
    os.remove(os.path.join(root, 'flow', 'v2', 'flow_y_00003.jpg'))
    _, idx = _find(ds, 'v2', 2)
    with pytest.raises(FileNotFoundError, match='video v2: .*flow_y_00003'):
        ds[idx]
    with pytest.raises(FileNotFoundError, match='not found: .*nope.pkl'):
        _dataset(root, os.path.join(root, 'nope.pkl'))
    os.rename(os.path.join(root, 'rawframes', 'v2'),
              os.path.join(root, 'rawframes', 'v2_moved'))
    with pytest.raises(FileNotFoundError, match='video v2: frame folder'):
        _dataset(root, ann_file)


def test_original_python2_pickle_is_read(tmp_path):
    """The released GT files are Python 2 pickles (protocol 2)."""
    gt = act_gt()
    root = str(tmp_path)
    write_act(root, gt)
    ann_file = os.path.join(root, 'Py2-GT.pkl')
    with open(ann_file, 'wb') as f:
        pickle.dump(gt, f, protocol=2)
    assert len(_dataset(root, ann_file, mode='video')) == 2


def test_moc_layout_with_brox_flow_images(tmp_path):
    """MOC's UCF101-24/J-HMDB layout: rgb-images/<video>/00001.jpg and one
    colour flow image per frame in brox-images/ (R = x, G = y)."""
    root = str(tmp_path)
    gt = act_gt()
    for video, num in gt['nframes'].items():
        write_frame_folder(os.path.join(root, 'rgb-images', video), num,
                           tmpl='{:05d}.jpg')
        folder = os.path.join(root, 'brox-images', video)
        os.makedirs(folder)
        flow = np.zeros((H, W, 3), np.uint8)
        flow[..., 2], flow[..., 1], flow[..., 0] = 200, 60, 90  # BGR file
        for t in range(1, num + 1):
            cv2.imwrite(os.path.join(folder, f'{t:05d}.jpg'), flow)
    ann_file = os.path.join(root, 'JHMDB-GT.pkl')
    with open(ann_file, 'wb') as f:
        pickle.dump(gt, f, protocol=2)
    ds = ACTTubeletDataset(
        ann_file, [dict(type='LoadFrames'),
                   dict(type='LoadFlowFrames', layout='brox'),
                   dict(type='TubeletFlip', flip_ratio=1.0),
                   dict(type='PackTubeletInputs')],
        data_root=root, split=3, clip_len=4, filename_tmpl='{:05d}.jpg',
        data_prefix=dict(img='rgb-images', flow='brox-images'),
        serialize_data=False)
    inputs = ds[0]['inputs']
    assert inputs.shape == (5, 4, H, W)
    # x (flipped: negated) and y channels of the flow image
    assert abs(inputs[3].mean().item() - (255 - 200)) < 2
    assert abs(inputs[4].mean().item() - 60) < 2
