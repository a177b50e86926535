"""Long-term context head of TubeR (the bank's transform is tested in
tests/test_datasets/test_load_feature_bank.py)."""
import numpy as np
import pytest
import torch
from mmaction.registry import MODELS
from tuber_fakes import make_batch, tiny_cfg


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
