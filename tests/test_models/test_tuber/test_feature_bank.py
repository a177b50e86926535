"""Long-term feature bank: window indexing, loading, long-term context head."""
import numpy as np
import pytest
import torch
from mmaction.registry import MODELS, TRANSFORMS
from tuber_fakes import make_batch, tiny_cfg

from mmcontinuity.models.tuber.feature_bank import (bank_paths, clip_position,
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


def test_long_term_context_head():
    cfg = tiny_cfg()
    cfg['cls_head'].update(context='long', bank_channels=6,
                           num_long_tokens=(4, 2))
    model = MODELS.build(cfg)
    batch = make_batch()
    window = 3
    for i, sample in enumerate(batch['data_samples']):
        sample.set_metainfo(
            dict(long_term_feats=np.random.rand(window, 2, 1, 1, 6).astype(
                np.float32),
                 long_term_valid=np.array([i == 0, True, True])))
    data = model.data_preprocessor(batch, True)
    losses = model(**data, mode='loss')
    total = sum(losses.values())
    total.backward()
    assert torch.isfinite(total)
    assert model.cls_head.long_tokens[0].grad.abs().sum() > 0
    # a padded clip of the window is masked: its features do not matter
    model.eval()
    with torch.no_grad():
        data = model.data_preprocessor(batch, False)
        ref = model(**data, mode='tensor')[0]
        data['data_samples'][1].long_term_feats[0] = 1e3
        torch.testing.assert_close(model(**data, mode='tensor')[0], ref)
        data['data_samples'][1].long_term_feats[1] = 1e3
        assert not torch.allclose(model(**data, mode='tensor')[0], ref)
    with pytest.raises(ValueError, match='long_term_feats'):
        model(**model.data_preprocessor(make_batch(), False), mode='loss')
