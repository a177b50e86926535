"""tools/data/browse_dataset.py draws a contact sheet for a dataset config."""
import importlib.util
import os.path as osp
import sys

import cv2
import numpy as np

from mmcontinuity.datasets.bench.formats import write_voc_image

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


def _tool():
    spec = importlib.util.spec_from_file_location(
        'browse_dataset', osp.join(REPO, 'tools', 'data', 'browse_dataset.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_contact_sheet_of_a_tubelet_config(act_root, tmp_path, monkeypatch):
    root, ann_file, _ = act_root
    config = tmp_path / 'browse_cfg.py'
    config.write_text(f'''
default_scope = 'mmaction'
train_dataloader = dict(dataset=dict(
    type='ACTTubeletDataset', ann_file={ann_file!r},
    data_prefix=dict(img={osp.join(root, 'rawframes')!r}),
    clip_len=4, pipeline=[dict(type='LoadFrames'),
                          dict(type='TubeletResize', scale=(96, 64),
                               keep_ratio=False),
                          dict(type='PackTubeletInputs')]))
''')
    out = str(tmp_path / 'sheet.png')
    monkeypatch.setattr(sys, 'argv', ['browse_dataset.py', str(config),
                                      '--out', out, '--num', '3',
                                      '--frames', '4', '--size', '64'])
    _tool().main()
    sheet = cv2.imread(out)
    # 3 rows of 64 px (+2 px separators), 4 frames of 96 px each
    assert sheet.shape == (3 * 66, 4 * 96, 3)
    # boxes are drawn in colour on the gray frames
    spread = sheet.max(axis=2).astype(int) - sheet.min(axis=2)
    assert (spread > 50).any()


def test_contact_sheet_of_a_segmentation_config(tmp_path, monkeypatch):
    root = tmp_path / 'voc'
    image = np.full((32, 32, 3), 100, np.uint8)
    class_map = np.zeros((32, 32), np.uint8)
    class_map[8:24, 8:24] = 3
    write_voc_image(image, class_map, str(root), 'a')
    (root / 'train.txt').write_text('a\n')
    config = tmp_path / 'seg_cfg.py'
    config.write_text(f'''
default_scope = 'mmseg'
train_dataloader = dict(dataset=dict(
    type='BaseSegDataset', data_root={str(root)!r}, ann_file='train.txt',
    data_prefix=dict(img_path='JPEGImages', seg_map_path='SegmentationClass'),
    img_suffix='.jpg', seg_map_suffix='.png',
    metainfo=dict(classes=('bg', 'a', 'b', 'c')),
    pipeline=[dict(type='LoadImageFromFile'), dict(type='LoadAnnotations'),
              dict(type='PackSegInputs')]))
''')
    out = str(tmp_path / 'sheet.png')
    monkeypatch.setattr(sys, 'argv', ['browse_dataset.py', str(config),
                                      '--out', out, '--size', '32'])
    _tool().main()
    sheet = cv2.imread(out)
    assert sheet.shape == (34, 32, 3)
    # the class-3 square is tinted, the background is not
    assert (sheet[16, 16] != sheet[2, 2]).any()
    assert sheet[2, 30].tolist() == [100, 100, 100]
