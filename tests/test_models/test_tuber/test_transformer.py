"""Positional embedding, tubelet attention, encoder and decoder of TubeR."""
import math

import pytest
import torch
import torch.nn.functional as F
import tuber_fakes  # noqa: F401  (imports mmcontinuity first)

from mmcontinuity.models.tuber import (SinePositionalEncoding3D,
                                       TubeletAttention, TubeRDecoder,
                                       TubeREncoder)
from mmcontinuity.models.tuber.tubelet_attention import PostNormAttention


def test_positional_encoding_shape_and_padding():
    pe = SinePositionalEncoding3D(num_feats=(4, 6, 6))
    mask = torch.zeros(2, 3, 4, 5, dtype=torch.bool)
    mask[1, :, 2:, :] = True  # sample 1: only 2 valid rows
    mask[1, :, :, 3:] = True  # and 3 valid columns
    pos = pe(mask)
    assert pos.shape == (2, 16, 3, 4, 5)
    # a padded sample embeds its valid region like an unpadded one of that
    # size (positions are normalised over the valid extent)
    small = pe(torch.zeros(1, 3, 2, 3, dtype=torch.bool))
    torch.testing.assert_close(pos[1:, :, :, :2, :3], small)
    # channel blocks: t varies only along T, y only along H, x only along W
    assert torch.allclose(pos[0, :4, :, :1, :1], pos[0, :4, :, 3:4, 4:5])
    assert not torch.allclose(pos[0, :4, 0], pos[0, :4, 1])
    assert torch.allclose(pos[0, 4:10, :1, :, :1], pos[0, 4:10, 2:3, :, 4:5])
    assert torch.allclose(pos[0, 10:, :1, :1], pos[0, 10:, 2:3, 3:4])


def test_positional_encoding_bad_args():
    with pytest.raises(ValueError, match='even'):
        SinePositionalEncoding3D(num_feats=(3, 6, 6))
    with pytest.raises(ValueError, match='B, T, H, W'):
        SinePositionalEncoding3D()(torch.zeros(2, 3, 4, dtype=torch.bool))


def test_positional_encoding_of_points_matches_token_grid():
    pe = SinePositionalEncoding3D(num_feats=(4, 6, 6))
    grid = pe(torch.zeros(1, 3, 5, 7, dtype=torch.bool))[0]  # (C, T, H, W)
    t, y, x = torch.meshgrid((torch.arange(3) + 0.5) / 3,
                             (torch.arange(5) + 0.5) / 5,
                             (torch.arange(7) + 0.5) / 7,
                             indexing='ij')
    points = pe.embed_points(torch.stack([t, y, x], -1))
    torch.testing.assert_close(points, grid.permute(1, 2, 3, 0))
    # a point half-way between two tokens: the angle is the mean angle
    half = pe.embed_points(torch.tensor([0.5, 0.5, 0.5 / 7 + 0.5 / 7]))
    torch.testing.assert_close(half[-6], torch.tensor(2 * math.pi / 7).sin())
    with pytest.raises(ValueError, match='normalize'):
        SinePositionalEncoding3D(normalize=False).embed_points(
            torch.zeros(3))
    with pytest.raises(ValueError, match=r'\(t, y, x\)'):
        pe.embed_points(torch.zeros(2, 2))


@pytest.mark.parametrize('mode', ['tubelet', 'self'])
@pytest.mark.parametrize('num_frames', [1, 4])  # single query / tubelets
def test_tubelet_attention_shapes(mode, num_frames):
    attn = TubeletAttention(embed_dims=8, num_heads=2, dropout=0., mode=mode)
    q = torch.randn(2, 3, num_frames, 8)
    assert attn(q, torch.randn_like(q)).shape == (2, 3, num_frames, 8)


def _hand_attention(mha, x, m=None):
    """softmax(x Wq (m Wk)^T / sqrt(d_head)) m Wv, heads concatenated, Wo;
    ``m = x`` by default (self-attention)."""
    m = x if m is None else m
    C = x.size(-1)
    heads = mha.num_heads
    d = C // heads
    wq, wk, wv = mha.in_proj_weight.split(C)
    bq, bk, bv = mha.in_proj_bias.split(C)
    q = (x @ wq.T + bq).view(-1, heads, d).transpose(0, 1)
    k = (m @ wk.T + bk).view(-1, heads, d).transpose(0, 1)
    v = (m @ wv.T + bv).view(-1, heads, d).transpose(0, 1)
    a = torch.softmax(q @ k.transpose(1, 2) / math.sqrt(d), -1)
    out = (a @ v).transpose(0, 1).reshape(-1, C)
    return out @ mha.out_proj.weight.T + mha.out_proj.bias


def test_positions_enter_queries_keys_and_values():
    """sigma(*) = Linear(* + Emb_pos) on q, k and v (Eq. 6.3-6.4, 6.6)."""
    torch.manual_seed(0)
    attn = PostNormAttention(8, 2, 0.).eval()
    x, pos = torch.randn(1, 5, 8), torch.randn(1, 5, 8)
    mem, mem_pos = torch.randn(1, 7, 8), torch.randn(1, 7, 8)
    expected = F.layer_norm(x[0] + _hand_attention(attn.attn, (x + pos)[0]),
                            (8, ), attn.norm.weight, attn.norm.bias)
    torch.testing.assert_close(attn(x, pos)[0], expected)
    expected = F.layer_norm(
        x[0] + _hand_attention(attn.attn, (x + pos)[0], (mem + mem_pos)[0]),
        (8, ), attn.norm.weight, attn.norm.bias)
    torch.testing.assert_close(attn(x, pos, mem, mem_pos)[0], expected)
    # a uniform attention (all keys alike) averages the values: the mean
    # position of the keys reaches the output
    a = attn.attn
    for proj in (a.in_proj_weight, a.in_proj_bias):
        torch.nn.init.zeros_(proj[:16])  # Wq = Wk = 0
    flat = torch.zeros(1, 7, 8)
    v = (mem_pos[0] @ a.in_proj_weight[16:].T + a.in_proj_bias[16:]).mean(0)
    expected = F.layer_norm(x[0] + v @ a.out_proj.weight.T + a.out_proj.bias,
                            (8, ), attn.norm.weight, attn.norm.bias)
    torch.testing.assert_close(attn(x, pos, flat, mem_pos)[0],
                               expected.expand(5, 8))


def test_tubelet_attention_equals_spatial_then_temporal_by_hand():
    torch.manual_seed(0)
    B, N, T, C = 2, 3, 4, 8
    attn = TubeletAttention(embed_dims=C, num_heads=2, dropout=0.).eval()
    q = torch.randn(B, N, T, C)
    out = attn(q, torch.zeros_like(q))

    expected = torch.empty(B, N, T, C)
    spatial = torch.empty(B, N, T, C)
    sa, ta = attn.spatial, attn.temporal
    for b in range(B):
        for t in range(T):  # the N queries of frame t attend to each other
            x = q[b, :, t]
            spatial[b, :, t] = F.layer_norm(
                x + _hand_attention(sa.attn, x), (C, ), sa.norm.weight,
                sa.norm.bias)
        for i in range(N):  # the T queries of tubelet i attend to each other
            x = spatial[b, i]
            expected[b, i] = F.layer_norm(
                x + _hand_attention(ta.attn, x), (C, ), ta.norm.weight,
                ta.norm.bias)
    torch.testing.assert_close(out, expected, rtol=1e-4, atol=1e-5)


def test_tubelet_attention_keeps_frames_and_tubelets_apart():
    """Spatial attention never mixes frames; changing one query of frame t
    of tubelet i leaves, after the spatial layer, other frames untouched."""
    torch.manual_seed(0)
    attn = TubeletAttention(embed_dims=8, num_heads=2, dropout=0.).eval()
    q = torch.randn(1, 3, 4, 8)
    q2 = q.clone()
    q2[0, 0, 1] += 1
    s1 = attn.spatial(q.transpose(1, 2).reshape(4, 3, 8), None)
    s2 = attn.spatial(q2.transpose(1, 2).reshape(4, 3, 8), None)
    changed = (s1 - s2).abs().sum(-1) > 1e-6  # (T, N)
    assert changed[1].all() and not changed[[0, 2, 3]].any()


def test_tubelet_attention_bad_mode():
    with pytest.raises(ValueError, match='mode'):
        TubeletAttention(mode='cross')


def _layer_cfg(**kw):
    return dict(embed_dims=8, num_heads=2, feedforward_channels=16,
                dropout=0., **kw)


def test_encoder_padding_mask_blocks_padded_tokens():
    torch.manual_seed(0)
    enc = TubeREncoder(num_layers=2, layer_cfg=_layer_cfg()).eval()
    x, pos = torch.randn(2, 10, 8), torch.randn(2, 10, 8)
    mask = torch.zeros(2, 10, dtype=torch.bool)
    mask[0, 6:] = True
    out = enc(x, pos, mask)
    assert out.shape == (2, 10, 8)
    # whatever the padded tokens hold, the valid tokens do not see it
    x2 = x.clone()
    x2[0, 6:] = 100 * torch.randn(4, 8)
    out2 = enc(x2, pos, mask)
    torch.testing.assert_close(out[0, :6], out2[0, :6])
    torch.testing.assert_close(out[1], out2[1])
    # and, equivalently, they get exactly zero attention weight
    mha = enc.layers[0].self_attn.attn
    q = x + pos
    weights = mha(q, q, x, key_padding_mask=mask)[1]
    assert torch.all(weights[0, :, 6:] == 0)
    # without the mask the padding leaks in
    assert not torch.allclose(enc(x, pos)[0, :6], enc(x2, pos)[0, :6])


@pytest.mark.parametrize('mode', ['tubelet', 'self'])
@pytest.mark.parametrize('num_frames', [1, 2, 6])
def test_decoder_shapes(mode, num_frames):
    dec = TubeRDecoder(num_layers=3, layer_cfg=_layer_cfg(attn_mode=mode))
    query = torch.randn(2, 5, num_frames, 8)
    memory = torch.randn(2, 12, 8)
    mask = torch.zeros(2, 12, dtype=torch.bool)
    mask[1, 7:] = True
    out = dec(query, torch.randn_like(query), memory, torch.randn_like(memory),
              mask)
    assert out.shape == (3, 2, 5, num_frames, 8)


def test_decoder_memory_mask():
    torch.manual_seed(0)
    dec = TubeRDecoder(num_layers=2, layer_cfg=_layer_cfg()).eval()
    query, memory = torch.randn(1, 3, 2, 8), torch.randn(1, 6, 8)
    mask = torch.tensor([[False] * 4 + [True] * 2])
    memory2 = memory.clone()
    memory2[0, 4:] = 50.
    torch.testing.assert_close(
        dec(query, None, memory, None, mask),
        dec(query, None, memory2, None, mask))
