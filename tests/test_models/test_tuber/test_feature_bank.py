"""Long-term context head of TubeR (Eq. 6.10, 6.11; the bank's transform is
tested in tests/test_datasets/test_load_feature_bank.py)."""
import math

import numpy as np
import pytest
import torch
from mmaction.registry import MODELS
from tuber_fakes import make_batch, tiny_cfg

from mmcontinuity.models.tuber.long_term_context import (LongTermContext,
                                                         grid_embed)


def _context(**kwargs):
    torch.manual_seed(0)
    return LongTermContext(
        bank_channels=6, embed_dims=16, num_tokens=(5, 3), num_heads=2,
        feedforward_channels=32, dropout=0., **kwargs).eval()


def test_compression_keeps_the_spatial_layout():
    """(B, 2w+1, T', H'', W'', C_bank) -> n0 -> n1 temporal tokens per
    location: Emb_long is (B, n1, H'', W'', C')."""
    context = _context()
    n0_out = []
    context.compress[0].register_forward_hook(
        lambda module, args, out: n0_out.append(out.shape))
    bank = torch.randn(2, 7, 2, 3, 4, 6)  # w = 3, T' = 2, 3 x 4 grid
    valid = torch.ones(2, 7, dtype=torch.bool)
    emb_long = context.compress_bank(bank, valid)
    assert emb_long.shape == (2, 3, 3, 4, 16)
    # the first stage: n0 = 5 tokens for each of the 2 x 12 locations
    assert n0_out == [(2 * 12, 5, 1, 16)]
    # each location is compressed from its own temporal sequence only
    moved = bank.clone()
    moved[1, :, :, 2, 3] += 5
    out = context.compress_bank(moved, valid)
    changed = (out - emb_long).abs().amax(dim=(1, 4)) > 1e-5
    expected = torch.zeros(2, 3, 4, dtype=torch.bool)
    expected[1, 2, 3] = True
    assert torch.equal(changed, expected)
    # ... in the order of time: swapping two clips changes it
    swapped = bank[:, [1, 0, 2, 3, 4, 5, 6]]
    assert not torch.allclose(context.compress_bank(swapped, valid),
                              emb_long, atol=1e-5)
    with pytest.raises(ValueError, match='2w\\+1'):
        context.compress_bank(bank.flatten(2, 4), valid)


def test_clips_outside_the_video_are_masked():
    context = _context()
    bank = torch.randn(1, 5, 2, 2, 2, 6)
    valid = torch.tensor([[False, False, True, True, True]])
    ref = context.compress_bank(bank, valid)
    bank[0, :2] = 1e3
    torch.testing.assert_close(context.compress_bank(bank, valid), ref)
    bank[0, 2] = 1e3
    assert not torch.allclose(context.compress_bank(bank, valid), ref)


def test_long_term_context_cross_attention():
    """F_lt = CA(F_b, Emb_long) has the shape of F_b; the keys carry the
    2-D sine embedding of their grid cell (Emb_long tokens of the same
    content at different cells are told apart)."""
    context = _context()
    feats = torch.randn(2, 10, 16)
    pos = torch.randn(2, 10, 16)
    bank = torch.randn(2, 3, 2, 2, 3, 6)
    valid = torch.ones(2, 3, dtype=torch.bool)
    f_lt = context(feats, pos, bank, valid)
    assert f_lt.shape == feats.shape
    emb_long = context.compress_bank(bank, valid).reshape(2, -1, 16)
    key_pos = grid_embed(2, 3, 16).repeat(3, 1)
    expected = context.cross_attn(feats, pos, emb_long, key_pos)
    torch.testing.assert_close(f_lt, expected)


def test_grid_embed():
    emb = grid_embed(2, 3, 8)
    assert emb.shape == (6, 8)
    # cell (1, 2): y = 3/4 · 2π, x = 5/6 · 2π; channels (sin, cos) of
    # position / 10000^(2i/4), i = 0, 1
    y, x = 0.75 * 2 * math.pi, 5 / 6 * 2 * math.pi
    expected = [
        math.sin(y), math.cos(y), math.sin(y / 100), math.cos(y / 100),
        math.sin(x), math.cos(x), math.sin(x / 100), math.cos(x / 100)
    ]
    torch.testing.assert_close(emb[5], torch.tensor(expected))
    with pytest.raises(ValueError, match='multiple of 4'):
        grid_embed(2, 2, 6)


def _with_bank(batch, bank_shape, valid):
    for sample, sample_valid in zip(batch['data_samples'], valid):
        sample.set_metainfo(
            dict(long_term_feats=np.random.rand(*bank_shape).astype(
                np.float32),
                 long_term_valid=np.array(sample_valid)))
    return batch


def test_long_term_context_head():
    cfg = tiny_cfg()
    cfg['cls_head'].update(context='long', bank_channels=6,
                           num_long_tokens=(4, 2))
    model = MODELS.build(cfg)
    # w = 1: 3 clips of T' = 2 frames on a 2 x 3 grid, the first sample's
    # first clip outside its video
    batch = _with_bank(make_batch(), (3, 2, 2, 3, 6),
                       [[False, True, True], [True, True, True]])
    data = model.data_preprocessor(batch, True)
    losses = model(**data, mode='loss')
    total = sum(losses.values())
    total.backward()
    assert torch.isfinite(total)
    long_term = model.cls_head.long_term
    for param in (long_term.tokens[0], long_term.tokens[1],
                  long_term.bank_proj.weight):
        assert param.grad.abs().sum() > 0
    # a clip outside the video is masked: its features do not matter
    model.eval()
    with torch.no_grad():
        data = model.data_preprocessor(batch, False)
        ref = model(**data, mode='tensor')[0]
        data['data_samples'][0].long_term_feats[0] = 1e3
        torch.testing.assert_close(model(**data, mode='tensor')[0], ref)
        data['data_samples'][0].long_term_feats[1, :, 1, 2] = 1e3
        assert not torch.allclose(model(**data, mode='tensor')[0], ref)
        # the bank holds unflipped frames: a flipped clip sees its grid
        # mirrored, the same as an unflipped clip with the mirrored bank
        sample = data['data_samples'][1]
        unflipped = model(**data, mode='tensor')[0]
        sample.set_metainfo(dict(flip=True))
        flipped = model(**data, mode='tensor')[0]
        assert not torch.allclose(flipped[:, 1], unflipped[:, 1])
        torch.testing.assert_close(flipped[:, 0], unflipped[:, 0])
        sample.set_metainfo(dict(
            flip=False,
            long_term_feats=sample.long_term_feats[:, :, :, ::-1].copy()))
        torch.testing.assert_close(model(**data, mode='tensor')[0], flipped)
    with pytest.raises(ValueError, match='long_term_feats'):
        model(**model.data_preprocessor(make_batch(), False), mode='loss')
