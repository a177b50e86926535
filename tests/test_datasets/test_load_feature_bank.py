"""Long-term feature bank: window indexing and the LoadFeatureBank
transform."""
import numpy as np
import pytest
from mmaction.registry import TRANSFORMS

from mmcontinuity.datasets.transforms.feature_bank import (bank_paths,
                                                           clip_position,
                                                           window_indices)


def test_window_indices_at_video_boundaries():
    positions = np.arange(6) * 8.  # adjacent 8-frame clips
    inds, valid = window_indices(positions, 0, 2, 8)
    assert inds.tolist() == [0, 0, 0, 1, 2]
    assert valid.tolist() == [False, False, True, True, True]
    inds, valid = window_indices(positions, 40, 2, 8)
    assert inds.tolist() == [3, 4, 5, 5, 5]
    assert valid.tolist() == [True, True, True, False, False]
    inds, valid = window_indices(positions, 24, 1, 8)
    assert inds.tolist() == [2, 3, 4] and valid.all()
    inds, valid = window_indices(positions[:1], 0, 2, 8)  # one-clip video
    assert inds.tolist() == [0] * 5
    assert valid.tolist() == [False, False, True, False, False]
    with pytest.raises(ValueError, match='no clips'):
        window_indices(positions[:0], 0, 1, 8)


def test_window_indices_take_adjacent_clips():
    """Training clips stored every 4 frames: the window of 8-frame clips
    takes every other one."""
    positions = np.arange(10) * 4.
    inds, valid = window_indices(positions, 16, 2, 8)
    assert inds.tolist() == [0, 2, 4, 6, 8] and valid.all()
    # AVA: one clip per key frame (1 s apart), 32x2 clips at 30 fps last
    # 64 / 30 s: the centres nearest to t + k·2.133 s are t + 0, 2, 4, 6, 9,
    # 11 s (k = 0..5); a missing key frame (t + 4) is replaced by its
    # neighbour within half a clip (t + 5, 0.73 s from t + 4.27)
    timestamps = np.array([900., 901, 902, 903, 905, 906, 907, 909, 911,
                           913])
    inds, valid = window_indices(timestamps, 900, 5, 64 / 30)
    assert timestamps[inds[5:]].tolist() == [900, 902, 905, 906, 909, 911]
    assert valid.tolist() == [False] * 5 + [True] * 6
    # a gap wider than a clip: no stored clip within 1.07 s of t + 6.4
    inds, valid = window_indices(np.array([900., 902, 909]), 900, 3,
                                 64 / 30)
    assert valid.tolist() == [False, False, False, True, True, False, False]


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
        dict(type='LoadFeatureBank', bank_dir=str(tmp_path), spacing=8,
             window=2, padding=padding))
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
    # a sample whose own clip is not in the bank (another clip sampling)
    with pytest.raises(ValueError, match='vid.feats.npy.*position 34'):
        load(dict(video_id='cls/vid', frame_inds=np.arange(30, 38)))
