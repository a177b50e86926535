"""The benchmark generator at its smallest size: every split, read back
through the real-format loaders."""
import os
import os.path as osp
import pickle

import cv2
import numpy as np
import pytest
from mmengine.registry import DefaultScope
from mmpretrain.datasets import CustomDataset
from mmseg.datasets import BaseSegDataset
from PIL import Image

from mmcontinuity.datasets import (ACTTubeletDataset, AVATubeletDataset,
                                   DAVIS2016Dataset)
from mmcontinuity.datasets.bench import (MOTION_CLASSES, SPLITS, Item,
                                         generate, render_scene)
from mmcontinuity.datasets.bench.images import CLASS_HUES, SEG_CLASSES
from mmcontinuity.datasets.flow_io import (dequantize_flow, quantize_flow,
                                           read_flow_frame)

SCALE = 0.02  # 1 item per subset, a few for the image splits


@pytest.fixture(scope='module')
def bench(tmp_path_factory):
    out = str(tmp_path_factory.mktemp('bench'))
    generate(out, scale=SCALE, progress=False)
    return out


@pytest.fixture(autouse=True)
def mmaction_scope():
    with DefaultScope.overwrite_default_scope('mmaction'):
        yield


def test_items_scale():
    split = SPLITS['tubelets']
    assert [i.subset for i in split.items(0.002)] == ['train', 'test']
    assert [i.subset for i in split.items(SCALE)] == \
        ['train'] * 8 + ['test'] * 2
    assert len(split.items(1.0)) == 500
    assert len(split.items(2.0)) == 1000


@pytest.mark.parametrize('name', ['tubelets', 'tubelets_pan'])
def test_tubelets_read_back(bench, name):
    root = osp.join(bench, name)
    ann = osp.join(root, 'ContinuityBench-GT.pkl')
    with open(ann, 'rb') as f:
        gt = pickle.load(f)
    assert gt['labels'] == list(MOTION_CLASSES)
    assert gt['train_videos'] == [[f'train_{i:04d}' for i in range(8)]]
    assert gt['test_videos'] == [['test_0000', 'test_0001']]
    for video, num in gt['nframes'].items():
        frames = sorted(os.listdir(osp.join(root, 'rawframes', video)))
        assert len(frames) == num and frames[0] == 'img_00001.jpg'
        assert len(os.listdir(osp.join(root, 'flow', video))) == 2 * num
        h, w = gt['resolution'][video]
        assert cv2.imread(osp.join(root, 'rawframes', video,
                                   frames[0])).shape == (h, w, 3)
        # every actor acts inside its track, with the same boxes there
        for label, tubes in gt['gttubes'][video].items():
            for tube, track in zip(tubes, gt['actor_tracks'][video][label]):
                rows = np.searchsorted(track[:, 0], tube[:, 0])
                assert np.array_equal(track[rows], tube)
    pipeline = [dict(type='LoadFrames'), dict(type='LoadFlowFrames'),
                dict(type='PackTubeletInputs')]
    # the dataset checks boxes against the resolution and labels
    ds = ACTTubeletDataset(ann, pipeline, clip_len=8, test_mode=True,
                           data_prefix=dict(img=osp.join(root, 'rawframes'),
                                            flow=osp.join(root, 'flow')),
                           serialize_data=False)
    packed = ds[0]
    assert packed['inputs'].shape == (5, 8, h, w)


def test_recognition_lists_and_videos(bench):
    for name in ('recognition', 'recognition_fast', 'recognition_large'):
        root = osp.join(bench, name)
        for subset in ('train', 'val'):
            with open(osp.join(root, f'{name}_{subset}_list_videos.txt')) as f:
                lines = f.read().split('\n')[:-1]
            assert lines
            for line in lines:
                path, label = line.split()
                assert path.split('/')[0] == MOTION_CLASSES[int(label)]
                cap = cv2.VideoCapture(osp.join(root, 'videos', path))
                assert cap.get(cv2.CAP_PROP_FRAME_COUNT) >= \
                    SPLITS[name].config.num_frames[0]
                ok, frame = cap.read()
                assert ok and frame.shape == (112, 112, 3)
                cap.release()


def test_recognition_frames_and_exact_flow(bench):
    """The rawframes copy of each recognition video: the scene's frames and
    its exact flow in one folder, listed with its length and label."""
    for name in ('recognition', 'recognition_fast', 'recognition_large'):
        split, root = SPLITS[name], osp.join(bench, name)
        for subset in ('train', 'val'):
            prefix = osp.join(root, f'{name}_{subset}_list_')
            with open(prefix + 'rawframes.txt') as f:
                lines = [line.split() for line in f.read().splitlines()]
            with open(prefix + 'videos.txt') as f:
                video_labels = [line.split()[1] for line in f]
            assert [label for _, _, label in lines] == video_labels
            assert [item for item, _, _ in lines] == [
                i.name for i in split.items(SCALE) if i.subset == subset]
            for item, num, label in lines:
                scene = render_scene(split.config,
                                     split.rng(Item(subset, item), 0))
                assert (int(num), int(label)) == (len(scene.frames),
                                                  scene.labels[0])
                frame_dir = osp.join(root, 'rawframes', item)
                assert len(os.listdir(frame_dir)) == 3 * int(num)
                img = cv2.imread(osp.join(frame_dir, 'img_00001.jpg'))
                assert np.abs(img[..., ::-1].astype(int) -
                              scene.frames[0]).mean() < 3  # JPEG
                flows = np.stack([
                    dequantize_flow(read_flow_frame(frame_dir, t))
                    for t in range(1, int(num) + 1)])
                moving = np.abs(scene.flows).max(-1) > 0.5  # pixels
                assert moving.any()
                err = np.abs(flows - quantize_flow_error(scene.flows))
                assert err.mean() < 0.1 and err[moving].mean() < 0.5


def quantize_flow_error(flow):
    """The exact flow as the JPEG flow frames can hold it (clipped and
    rounded to the 8-bit levels)."""
    return dequantize_flow(quantize_flow(flow))


def test_davis_masks(bench):
    root = osp.join(bench, 'davis')
    ds = DAVIS2016Dataset('ImageSets/480p/val.txt', [], data_root=root,
                          test_mode=True, serialize_data=False)
    info = ds.get_data_info(0)
    assert info['frame_inds'].tolist() == list(range(8))
    for t in range(info['total_frames']):
        mask = np.array(Image.open(osp.join(info['mask_dir'],
                                            f'{t:05d}.png')))
        assert mask.shape == (96, 160) and set(np.unique(mask)) == {0, 255}


def test_segmentation_and_colorization(bench):
    for name in ('segmentation', 'colorization'):
        root = osp.join(bench, name)
        with open(osp.join(root, 'ImageSets', 'Segmentation',
                           'train.txt')) as f:
            names = f.read().split()
        assert len(names) == 6
        for item in names:
            seg = Image.open(osp.join(root, 'SegmentationClass',
                                      f'{item}.png'))
            assert seg.mode == 'P'
            seg = np.array(seg)
            assert seg.max() <= 10 and (seg > 0).any()
            if name != 'colorization':
                continue
            # digits wear their class' hue: colour depends on the class
            img = cv2.imread(osp.join(root, 'JPEGImages', f'{item}.jpg'))
            hue = cv2.cvtColor(img, cv2.COLOR_BGR2HSV)[..., 0].astype(int)
            for value in np.unique(seg[seg > 0]):
                core = cv2.erode((seg == value).astype(np.uint8),
                                 np.ones((3, 3), np.uint8)) > 0
                if core.sum() < 10:
                    continue
                diff = (np.median(hue[core]) - CLASS_HUES[value - 1] + 90) \
                    % 180 - 90
                assert abs(diff) <= 10, (item, value, diff)


def test_colorization_split_through_mmseg(bench):
    pipeline = [dict(type='LoadImageFromFile'), dict(type='LoadAnnotations'),
                dict(type='ColorizationTargets'),
                dict(type='PackColorizationInputs')]
    with DefaultScope.overwrite_default_scope('mmseg'):
        ds = BaseSegDataset(
            data_root=osp.join(bench, 'colorization'), pipeline=pipeline,
            ann_file='ImageSets/Segmentation/val.txt',
            data_prefix=dict(img_path='JPEGImages',
                             seg_map_path='SegmentationClass'),
            img_suffix='.jpg', seg_map_suffix='.png',
            metainfo=dict(classes=SEG_CLASSES), serialize_data=False)
        sample = ds[0]['data_samples']
    assert ds[0]['inputs'].shape == (1, 128, 128)
    seg = sample.gt_sem_seg.data
    assert seg.shape == (1, 32, 32) and 0 < int(seg.max()) <= 10


def test_classification_through_mmpretrain(bench):
    root = osp.join(bench, 'classification')
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        ds = CustomDataset(
            data_root=root, data_prefix='test', ann_file='meta/test.txt',
            classes=osp.join(root, 'classes.txt'),
            pipeline=[dict(type='LoadImageFromFile'),
                      dict(type='ImageCorruption', corruption='contrast',
                           severity=2),
                      dict(type='PackInputs')], serialize_data=False)
        packed = ds[0]
    assert ds.metainfo['classes'][0] == 'digit_0'
    assert packed['inputs'].shape == (3, 32, 32)
    with open(osp.join(root, 'meta', 'test.txt')) as f:
        assert packed['data_samples'].gt_label.item() == int(
            f.readline().split()[1])


def test_classification(bench):
    root = osp.join(bench, 'classification')
    with open(osp.join(root, 'meta', 'train.txt')) as f:
        lines = f.read().split('\n')[:-1]
    assert len(lines) == 20
    for line in lines:
        path, label = line.split()
        assert path.startswith(f'digit_{label}/')
        assert cv2.imread(osp.join(root, 'train', path)).shape == (32, 32, 3)


def test_liftpool_comparison_subsets(bench):
    """The classification split's large `val` set (2000 images at scale 1)
    leaves train/test as they were; segmentation has 200 val images,
    colorization keeps 60."""
    assert {s: sum(i.subset == s for i in SPLITS['classification'].items())
            for s in ('train', 'test', 'val')} == dict(train=1000, test=200,
                                                       val=2000)
    assert [len(SPLITS[name].items()) for name in
            ('segmentation', 'colorization')] == [500, 360]
    root = osp.join(bench, 'classification')
    with open(osp.join(root, 'meta', 'val.txt')) as f:
        val = f.read().split()[::2]
    with open(osp.join(root, 'meta', 'test.txt')) as f:
        test = f.read().split()[::2]
    assert len(val) == 40 and not set(val) & set(test)
    assert cv2.imread(osp.join(root, 'val', val[0])).shape == (32, 32, 3)


def test_ava_read_back(bench):
    root = osp.join(bench, 'ava')
    ann = osp.join(root, 'annotations')
    pipeline = [dict(type='SampleAVAFrames', clip_len=8, frame_interval=1,
                     test_mode=True),
                dict(type='AVATubeletBoxes'), dict(type='RawFrameDecode'),
                dict(type='PackTubeletInputs')]
    ds = AVATubeletDataset(
        osp.join(ann, 'ava_train_v2.2.csv'), pipeline,
        exclude_file=osp.join(ann, 'ava_train_excluded_timestamps_v2.2.csv'),
        label_file=osp.join(ann, 'ava_action_list_v2.2.pbtxt'),
        data_prefix=dict(img=osp.join(root, 'rawframes')), num_classes=8,
        fps=8, timestamp_start=0, timestamp_end=12, serialize_data=False)
    assert len(ds) > 0
    for i in range(len(ds)):
        sample = ds[i]['data_samples']
        gt = sample.gt_instances
        key = sample.metainfo['key_frame_index']
        boxes = gt.bboxes[gt.valid]
        assert (boxes >= 0).all() and (boxes[:, 2] <= 112).all()
        assert (boxes[:, 3] <= 112).all()
        assert gt.valid[:, key].all()
        assert gt.labels.shape[1] == 8 and (gt.labels.sum(1) == 1).all()


def test_deterministic_and_independent_of_workers(tmp_path):
    a, b = str(tmp_path / 'a'), str(tmp_path / 'b')
    generate(a, ['tubelets_pan'], seed=3, scale=SCALE, progress=False)
    generate(b, ['tubelets_pan'], seed=3, scale=SCALE, workers=2,
             progress=False)
    gts = []
    for root in (a, b):
        with open(osp.join(root, 'tubelets_pan/ContinuityBench-GT.pkl'),
                  'rb') as f:
            gts.append(pickle.load(f))
    assert gts[0]['nframes'] == gts[1]['nframes']
    for video, tubes in gts[0]['actor_tracks'].items():
        for label, tracks in tubes.items():
            for x, y in zip(tracks, gts[1]['actor_tracks'][video][label]):
                assert np.array_equal(x, y)
    for rel in ('tubelets_pan/rawframes/test_0000/img_00010.jpg',
                'tubelets_pan/flow/train_0000/flow_x_00005.jpg'):
        with open(osp.join(a, rel), 'rb') as fa, open(osp.join(b, rel),
                                                      'rb') as fb:
            assert fa.read() == fb.read(), rel
