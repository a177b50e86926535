"""Long-term feature bank: window indexing and the LoadFeatureBank
transform."""
import numpy as np
import pytest
from mmaction.registry import TRANSFORMS

from mmcontinuity.datasets.transforms.feature_bank import (bank_paths,
                                                           clip_position,
                                                           window_indices)


def test_window_indices_at_video_boundaries():
    inds, valid = window_indices(0, 2, 6)
    assert inds.tolist() == [0, 0, 0, 1, 2]
    assert valid.tolist() == [False, False, True, True, True]
    inds, valid = window_indices(5, 2, 6)
    assert inds.tolist() == [3, 4, 5, 5, 5]
    assert valid.tolist() == [True, True, True, False, False]
    inds, valid = window_indices(3, 1, 6)
    assert inds.tolist() == [2, 3, 4] and valid.all()
    inds, valid = window_indices(0, 2, 1)  # one-clip video
    assert inds.tolist() == [0] * 5
    assert valid.tolist() == [False, False, True, False, False]
    with pytest.raises(ValueError):
        window_indices(6, 1, 6)


def test_clip_position():
    assert clip_position(dict(timestamp=902, frame_inds=[1, 2])) == 902
    assert clip_position(dict(frame_inds=np.array([4, 5, 6, 7]))) == 6
    with pytest.raises(KeyError):
        clip_position(dict(video_id='a'))


def _write_bank(root, video, positions, shape=(1, 1, 1, 3)):
    feats = np.stack([np.full(shape, p, np.float16) for p in positions])
    feats_path, pos_path = bank_paths(str(root), video)
    np.save(feats_path, feats)
    np.save(pos_path, np.asarray(positions, np.float64))


@pytest.mark.parametrize('padding', ['zeros', 'replicate'])
def test_load_feature_bank(tmp_path, padding):
    (tmp_path / 'cls').mkdir()
    _write_bank(tmp_path, 'cls/vid', [4, 12, 20, 28])  # video ids with '/'
    load = TRANSFORMS.build(
        dict(type='LoadFeatureBank', bank_dir=str(tmp_path), window=2,
             padding=padding))
    # frame_inds centred at 13: nearest stored clip is the one at 12
    out = load(dict(video_id='cls/vid', frame_inds=np.arange(9, 17)))
    feats, valid = out['long_term_feats'], out['long_term_valid']
    assert feats.shape == (5, 1, 1, 1, 3) and feats.dtype == np.float32
    if padding == 'zeros':
        assert valid.tolist() == [False, True, True, True, True]
        assert feats[:, 0, 0, 0, 0].tolist() == [0, 4, 12, 20, 28]
    else:
        assert valid.all()
        assert feats[:, 0, 0, 0, 0].tolist() == [4, 4, 12, 20, 28]
    with pytest.raises(FileNotFoundError, match='other'):
        load(dict(video_id='other', frame_inds=np.arange(4)))
