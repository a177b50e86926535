"""Colorization targets through mmseg and corruptions through mmpretrain, on
tiny VOC-style and folder-style datasets written into tmp folders."""
import os
import os.path as osp

import cv2
import numpy as np
import pytest
from mmengine.registry import DefaultScope
from mmpretrain.datasets import CustomDataset
from mmpretrain.registry import TRANSFORMS as PRETRAIN_TRANSFORMS
from mmseg.datasets import BaseSegDataset

from mmcontinuity.datasets.bench.io import write_palette_png
from mmcontinuity.datasets.transforms import CORRUPTIONS

RED_LAB = (53.2, 80.1, 67.2)  # CIE Lab of sRGB (255, 0, 0)


@pytest.fixture
def voc_root(tmp_path):
    """Two 64x96 VOC-style images: red left half (class 1), blue right."""
    root = str(tmp_path)
    os.makedirs(osp.join(root, 'JPEGImages'))
    names = ['a', 'b']
    for name in names:
        img = np.zeros((64, 96, 3), np.uint8)
        img[:, :48] = (0, 0, 255)  # BGR red
        img[:, 48:] = (255, 0, 0)  # BGR blue
        cv2.imwrite(osp.join(root, 'JPEGImages', f'{name}.png'), img)
        seg = np.zeros((64, 96), np.uint8)
        seg[:, :48] = 1
        seg[:, 48:] = 2
        write_palette_png(osp.join(root, 'SegmentationClass', f'{name}.png'),
                          seg)
    with open(osp.join(root, 'train.txt'), 'w') as f:
        f.write('\n'.join(names) + '\n')
    return root


def test_colorization_targets(voc_root):
    pipeline = [
        dict(type='LoadImageFromFile'),
        dict(type='LoadAnnotations'),
        dict(type='ColorizationTargets'),
        dict(type='PackColorizationInputs'),
    ]
    with DefaultScope.overwrite_default_scope('mmseg'):
        ds = BaseSegDataset(
            ann_file='train.txt', data_root=voc_root, pipeline=pipeline,
            data_prefix=dict(img_path='JPEGImages',
                             seg_map_path='SegmentationClass'),
            img_suffix='.png', seg_map_suffix='.png',
            metainfo=dict(classes=('background', 'red', 'blue')),
            serialize_data=False)
        packed = ds[0]
    inputs, sample = packed['inputs'], packed['data_samples']
    assert inputs.shape == (1, 128, 128)
    assert abs(float(inputs[0, 64, 10]) - RED_LAB[0]) < 1
    ab = sample.gt_ab.data
    assert ab.shape == (2, 32, 32)
    assert np.allclose(ab[:, 16, 4].numpy(), RED_LAB[1:], atol=1)
    assert float(ab[1, 16, 28]) < -80  # blue: strongly negative b
    seg = sample.gt_sem_seg.data
    assert seg.shape == (1, 32, 32)
    assert (seg[0, :, :16] == 1).all() and (seg[0, :, 16:] == 2).all()


@pytest.fixture
def folder_root(tmp_path):
    """A tiny mmpretrain CustomDataset: class sub-folders of 48x48 images."""
    rng = np.random.default_rng(0)
    for cls in ('c0', 'c1'):
        os.makedirs(tmp_path / cls)
        cv2.imwrite(str(tmp_path / cls / 'x.png'), _texture(rng))
    return str(tmp_path)


def _texture(rng):
    return cv2.GaussianBlur(rng.uniform(0, 255, (48, 48, 3)), (0, 0),
                            3).astype(np.uint8)


def test_corruption_in_an_mmpretrain_pipeline(folder_root):
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        ds = CustomDataset(data_root=folder_root, pipeline=[
            dict(type='LoadImageFromFile'),
            dict(type='ImageCorruption', corruption='gaussian_noise',
                 severity=5),
            dict(type='PackInputs')], serialize_data=False)
        clean = cv2.imread(osp.join(folder_root, 'c1', 'x.png'))
        out = ds[1]
    assert out['inputs'].shape == (3, 48, 48)
    assert out['data_samples'].gt_label.item() == 1
    noisy = out['inputs'].permute(1, 2, 0).float().numpy()
    assert 30 < np.abs(noisy - clean).mean() < 120


def _corruption(**cfg):
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        return PRETRAIN_TRANSFORMS.build(dict(type='ImageCorruption', **cfg))


@pytest.mark.parametrize('corruption', sorted(CORRUPTIONS))
def test_corruption_strength_grows_with_severity(corruption):
    np.random.seed(0)
    clean = _texture(np.random.default_rng(0))
    errors = []
    # the release's elastic severities 1-2 warp more (affine) than 3-5
    severities = (3, 4, 5) if corruption == 'elastic_transform' else (1, 3, 5)
    for severity in severities:
        transform = _corruption(corruption=corruption, severity=severity)
        out = transform(dict(img=clean.copy()))
        assert out['img'].shape == clean.shape and out['img'].dtype == np.uint8
        assert out['severity'] == severity
        errors.append(np.abs(out['img'].astype(float) - clean).mean())
    assert errors[0] > 0
    # frost trades image (weight 1 -> 0.6) for frost (0.4 -> 0.75): on a
    # mid-grey image the distance does not grow (test_corruptions.py
    # checks the frost weight on a black image instead)
    if corruption != 'frost':
        assert errors[0] <= errors[2]


def test_bad_corruption_arguments():
    with pytest.raises(ValueError, match='unknown corruption'):
        _corruption(corruption='rain', severity=1)
    with pytest.raises(ValueError, match='severity must be 1..5'):
        _corruption(corruption='contrast', severity=6)
