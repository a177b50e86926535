"""Bad image files and data roots through the mmpretrain / mmseg / mmdet
loaders (issue 17, point 3): ``CheckedLoadImageFromFile``,
``CheckedLoadAnnotations``, ``CheckedCustomDataset`` and
``CheckedBaseSegDataset`` name the file or folder; good files give the
libraries' arrays and data lists unchanged."""
import os
import os.path as osp

import cv2
import numpy as np
import pytest
from mmcv.transforms import LoadImageFromFile
from mmdet.registry import TRANSFORMS as DET_TRANSFORMS
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmpretrain.registry import DATASETS as CLS_DATASETS
from mmpretrain.registry import TRANSFORMS as CLS_TRANSFORMS
from mmseg.datasets import BaseSegDataset
from mmseg.datasets.transforms import LoadAnnotations
from mmseg.registry import DATASETS as SEG_DATASETS
from mmseg.registry import TRANSFORMS as SEG_TRANSFORMS
from PIL import Image
from spoil import empty as _empty
from spoil import garbage as _garbage
from spoil import gray
from spoil import truncate as _truncate

from mmcontinuity.datasets import (CheckedBaseSegDataset,
                                   CheckedCustomDataset, CorruptFileError,
                                   MissingFileError)

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
H, W = 20, 24


@pytest.fixture
def seg_root(tmp_path):
    """An mmseg-layout folder: 2 colour JPEGs, their palette class maps
    (values 0-3) and a list file; also an mmpretrain list file."""
    rng = np.random.default_rng(0)
    for folder in ('JPEGImages', 'SegmentationClass', 'ImageSets'):
        os.mkdir(tmp_path / folder)
    for i, name in enumerate('ab'):
        cv2.imwrite(str(tmp_path / 'JPEGImages' / f'{name}.jpg'),
                    rng.integers(0, 256, (H, W, 3), np.uint8))
        seg = Image.fromarray(rng.integers(0, 4, (H, W), np.uint8), 'P')
        seg.putpalette([0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255])
        seg.save(tmp_path / 'SegmentationClass' / f'{name}.png')
    (tmp_path / 'ImageSets' / 'train.txt').write_text('a\nb\n')
    (tmp_path / 'ImageSets' / 'cls.txt').write_text(
        'JPEGImages/a.jpg 0\nJPEGImages/b.jpg 1\n')
    return tmp_path


def _seg_dataset(root, cls=CheckedBaseSegDataset, **kwargs):
    return cls(data_root=str(root), ann_file='ImageSets/train.txt',
               data_prefix=dict(img_path='JPEGImages',
                                seg_map_path='SegmentationClass'),
               serialize_data=False, **kwargs)


# --- spoilers ---

def _gray(path):
    gray(path, H, W)


def _colour_png(path):
    Image.fromarray(np.zeros((H, W, 3), np.uint8), 'RGB').save(path, 'PNG')


# --- images ---

@pytest.mark.parametrize('registry', [CLS_TRANSFORMS, SEG_TRANSFORMS,
                                      DET_TRANSFORMS])
@pytest.mark.parametrize('kwargs', [{}, dict(color_type='grayscale'),
                                    dict(to_float32=True)])
def test_good_images_give_mmcv_arrays(seg_root, registry, kwargs):
    """One class, found from each library's registry; mmcv's arrays."""
    path = str(seg_root / 'JPEGImages' / 'a.jpg')
    if kwargs.get('color_type') == 'grayscale':
        _gray(path)
    results = dict(img_path=path)
    checked = registry.build(dict(type='CheckedLoadImageFromFile', **kwargs))
    got = checked(dict(results))
    expected = LoadImageFromFile(**kwargs)(dict(results))
    assert got['img'].dtype == expected['img'].dtype
    np.testing.assert_array_equal(got['img'], expected['img'])
    assert got['img_shape'] == got['ori_shape'] == expected['img_shape']


@pytest.mark.parametrize('spoil, error, message', [
    (os.remove, MissingFileError, r'a.jpg not found'),
    (_empty, CorruptFileError, r'a.jpg is empty \(0 bytes\)'),
    (_truncate, CorruptFileError, r'a.jpg is a truncated JPEG'),
    (_garbage, CorruptFileError, r'a.jpg is not a readable image'),
    (_gray, CorruptFileError, r'a.jpg has 1 channel\(s\), expected 3'),
])
def test_bad_image(seg_root, spoil, error, message):
    path = str(seg_root / 'JPEGImages' / 'a.jpg')
    spoil(path)
    for registry in (CLS_TRANSFORMS, SEG_TRANSFORMS, DET_TRANSFORMS):
        load = registry.build(dict(type='CheckedLoadImageFromFile'))
        with pytest.raises(error, match=message) as info:
            load(dict(img_path=path))
        assert info.value.path == path
    ignoring = CLS_TRANSFORMS.build(
        dict(type='CheckedLoadImageFromFile', ignore_empty=True))
    assert ignoring(dict(img_path=path)) is None


def test_colour_image_where_gray_is_expected(seg_root):
    load = CLS_TRANSFORMS.build(
        dict(type='CheckedLoadImageFromFile', color_type='grayscale'))
    with pytest.raises(CorruptFileError, match=r'a.jpg has 3 channel\(s\), '
                       r'expected 1'):
        load(dict(img_path=str(seg_root / 'JPEGImages' / 'a.jpg')))


def test_unsupported_decoding_is_refused():
    with pytest.raises(ValueError, match="color_type='unchanged'"):
        CLS_TRANSFORMS.build(dict(type='CheckedLoadImageFromFile',
                                  color_type='unchanged'))


# --- class maps ---

@pytest.mark.parametrize('reduce_zero_label', [False, True])
def test_good_class_maps_give_mmseg_arrays(seg_root, reduce_zero_label):
    results = dict(seg_map_path=str(seg_root / 'SegmentationClass' / 'a.png'),
                   reduce_zero_label=reduce_zero_label, seg_fields=[])
    got = SEG_TRANSFORMS.build(dict(type='CheckedLoadAnnotations'))(
        dict(results, seg_fields=[]))
    expected = LoadAnnotations()(dict(results, seg_fields=[]))
    np.testing.assert_array_equal(got['gt_seg_map'], expected['gt_seg_map'])
    raw = np.array(Image.open(results['seg_map_path']))  # indices 0-3
    np.testing.assert_array_equal(
        got['gt_seg_map'],
        np.where(raw == 0, 255, raw - 1) if reduce_zero_label else raw)
    assert got['seg_fields'] == ['gt_seg_map']


@pytest.mark.parametrize('spoil, error, message', [
    (os.remove, MissingFileError, r'class map .*a.png not found'),
    (_empty, CorruptFileError, r'class map .*a.png is empty \(0 bytes\)'),
    (_truncate, CorruptFileError,
     r'class map .*a.png is not a readable image \(.*truncated'),
    (_garbage, CorruptFileError,
     r'class map .*a.png is not a readable image \(unknown format\)'),
    (_colour_png, CorruptFileError,
     r'class map .*a.png has 3 channels, expected 1'),
])
def test_bad_class_map(seg_root, spoil, error, message):
    path = str(seg_root / 'SegmentationClass' / 'a.png')
    spoil(path)
    load = SEG_TRANSFORMS.build(dict(type='CheckedLoadAnnotations'))
    with pytest.raises(error, match=message) as info:
        load(dict(seg_map_path=path, reduce_zero_label=False,
                  seg_fields=[]))
    assert info.value.path == path


# --- datasets: data lists, roots, skip_bad_samples ---

def test_checked_datasets_list_the_same_samples(seg_root):
    assert (_seg_dataset(seg_root).data_list
            == _seg_dataset(seg_root, BaseSegDataset).data_list)
    from mmpretrain.datasets import CustomDataset
    kwargs = dict(data_root=str(seg_root), ann_file='ImageSets/cls.txt',
                  serialize_data=False)
    assert (CheckedCustomDataset(**kwargs).data_list
            == CustomDataset(**kwargs).data_list)


@pytest.mark.parametrize('config, registry', [
    ('liftpool/_base_/datasets/continuity-bench-cls.py', CLS_DATASETS),
    ('liftpool/_base_/datasets/continuity-bench-seg.py', SEG_DATASETS),
    ('colorization/_base_/datasets/continuity-bench-colorization.py',
     SEG_DATASETS),
])
def test_missing_data_root_fails_when_the_dataset_is_built(
        tmp_path, config, registry):
    """Our configs' datasets, pointed at a missing folder (mmpretrain:
    FileNotFoundError on the list file; mmseg: AssertionError)."""
    cfg = Config.fromfile(osp.join(REPO, 'configs', config))
    dataset = dict(cfg.train_dataloader.dataset, serialize_data=False,
                   data_root=str(tmp_path / 'nowhere'))
    init_default_scope(registry.scope)  # undone by the conftest fixture
    with pytest.raises(MissingFileError, match=r'data root .*nowhere not '
                       r'found \(check data_root and data_prefix\)'):
        registry.build(dataset)


def test_missing_folder_or_list_file_is_named(seg_root):
    os.rename(seg_root / 'SegmentationClass', seg_root / 'moved')
    with pytest.raises(MissingFileError,
                       match=r'seg_map_path root .*SegmentationClass not'):
        _seg_dataset(seg_root)
    os.rename(seg_root / 'moved', seg_root / 'SegmentationClass')
    os.remove(seg_root / 'ImageSets' / 'train.txt')
    with pytest.raises(MissingFileError,
                       match=r'annotation file .*train.txt not found'):
        _seg_dataset(seg_root)


PIPELINE = [dict(type='CheckedLoadImageFromFile'),
            dict(type='CheckedLoadAnnotations')]


def test_bad_sample_is_named_or_skipped(seg_root):
    init_default_scope('mmseg')  # undone by the conftest fixture
    _truncate(str(seg_root / 'JPEGImages' / 'a.jpg'))
    with pytest.raises(CorruptFileError, match=r'a.jpg is a truncated'):
        _seg_dataset(seg_root, pipeline=PIPELINE)[0]
    dataset = _seg_dataset(seg_root, pipeline=PIPELINE,
                           skip_bad_samples=True)
    sample = dataset[0]  # refetched: b, the only good one
    assert sample['img_path'].endswith('b.jpg')
    assert dataset.skipped_samples >= 1
    with pytest.raises(ValueError, match='for training only'):
        _seg_dataset(seg_root, skip_bad_samples=True, test_mode=True)


def test_mmdet_missing_data_root_already_fails_at_build(tmp_path):
    """mmdet's ``CocoDataset`` loads its annotation file when it is built
    and names it: no checked class needed."""
    from mmdet.registry import DATASETS
    init_default_scope('mmdet')  # undone by the conftest fixture
    with pytest.raises(FileNotFoundError, match=r'nowhere/train.json'):
        DATASETS.build(dict(type='CocoDataset',
                            data_root=str(tmp_path / 'nowhere'),
                            ann_file='train.json', pipeline=[]))
