"""DAVIS2016Dataset on a tiny DAVIS-2016 folder (real layout)."""
import os
import os.path as osp

import cv2
import numpy as np
import pytest
import torch
from mmengine.registry import DefaultScope

from mmcontinuity.datasets import DAVIS2016Dataset

H, W = 24, 40
SEQUENCES = dict(bear=10, dog=9)


def _mask(t):
    """The object of frame t: a 6x6 square moving right by 2 px per frame."""
    m = np.zeros((H, W), np.uint8)
    m[8:14, 2 + 2 * t:8 + 2 * t] = 255
    return m


@pytest.fixture
def davis_root(tmp_path):
    root = str(tmp_path)
    lines = []
    for seq, num in SEQUENCES.items():
        for t in range(num):
            img = np.full((H, W, 3), 10 * t, np.uint8)
            for d, sub, data in (('JPEGImages', 'jpg', img),
                                 ('Annotations', 'png', _mask(t))):
                folder = osp.join(root, d, '480p', seq)
                os.makedirs(folder, exist_ok=True)
                cv2.imwrite(osp.join(folder, f'{t:05d}.{sub}'), data)
            lines.append(f'/JPEGImages/480p/{seq}/{t:05d}.jpg '
                         f'/Annotations/480p/{seq}/{t:05d}.png')
    os.makedirs(osp.join(root, 'ImageSets', '480p'))
    with open(osp.join(root, 'ImageSets', '480p', 'val.txt'), 'w') as f:
        f.write('\n'.join(lines) + '\n')
    with open(osp.join(root, 'ImageSets', '480p', 'names.txt'), 'w') as f:
        f.write('dog\nbear\n')
    return root


def _dataset(root, ann='ImageSets/480p/val.txt', pipeline=(), **kwargs):
    with DefaultScope.overwrite_default_scope('mmaction'):
        return DAVIS2016Dataset(ann, list(pipeline), data_root=root,
                                serialize_data=False, **kwargs)


def test_clips_with_masks_through_the_pipeline(davis_root):
    pipeline = [
        dict(type='LoadFrames'),
        dict(type='LoadMasks'),
        dict(type='TubeletResize', scale=(2 * W, 2 * H), keep_ratio=False),
        dict(type='TubeletFlip', flip_ratio=1.0),
        dict(type='PackTubeletInputs'),
    ]
    ds = _dataset(davis_root, pipeline=pipeline, clip_len=8)
    assert len(ds) == (10 - 8 + 1) + (9 - 8 + 1)
    info = ds.get_data_info(1)
    assert info['video_id'] == 'bear'
    assert info['frame_inds'].tolist() == list(range(1, 9))
    packed = ds[1]
    assert packed['inputs'].shape == (3, 8, 2 * H, 2 * W)
    means = packed['inputs'].mean(dim=(0, 2, 3))
    assert torch.allclose(means, 10 * torch.arange(1, 9.), atol=1.5)
    masks = packed['data_samples'].gt_masks
    assert masks.shape == (8, 2 * H, 2 * W) and masks.dtype == torch.uint8
    for t in range(8):  # resized x2 then flipped
        expected = cv2.resize(_mask(t + 1), (2 * W, 2 * H),
                              interpolation=cv2.INTER_NEAREST)[:, ::-1] > 0
        assert np.array_equal(masks[t].numpy(), expected)


def test_test_mode_tiles_and_sequence_list_format(davis_root):
    ds = _dataset(davis_root, ann='ImageSets/480p/names.txt', clip_len=4,
                  test_mode=True)
    starts = [(ds.get_data_info(i)['video_id'],
               int(ds.get_data_info(i)['frame_inds'][0]))
              for i in range(len(ds))]
    assert starts == [('dog', 0), ('dog', 4), ('dog', 5), ('bear', 0),
                      ('bear', 4), ('bear', 6)]


def test_errors_name_sequence_and_file(davis_root):
    with pytest.raises(ValueError, match='sequence dog has 9 frames, '
                       'shorter than a clip of 10'):
        _dataset(davis_root, clip_len=10)
    os.remove(osp.join(davis_root, 'Annotations', '480p', 'bear',
                       '00003.png'))
    with pytest.raises(FileNotFoundError, match=r'bear.*masks \[3\] missing'):
        _dataset(davis_root)
    with pytest.raises(FileNotFoundError, match='image set not found'):
        _dataset(davis_root, ann='ImageSets/480p/nope.txt')
