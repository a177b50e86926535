"""Frame embeddings of the box queries (``TubeletQueries.frame_embed``):
the default sine of the box query index, or the encoder's temporal
positional embedding of the output frame's memory tokens (ours)."""
import math

import pytest
import torch
from mmaction.registry import MODELS
from tuber_fakes import make_batch, tiny_cfg

from mmcontinuity.models.tuber import SinePositionalEncoding3D, TubeletQueries


@pytest.mark.parametrize('normalize', [True, False])
def test_embed_frames_is_the_temporal_part_of_the_token_embedding(
        normalize):
    pe = SinePositionalEncoding3D(num_feats=(4, 6, 6), normalize=normalize)
    grid = pe(torch.zeros(1, 5, 3, 2, dtype=torch.bool))[0]  # (d, T, H, W)
    frames = pe.embed_frames(5)
    assert frames.shape == (5, 16)
    for t in range(5):
        # every token of frame t has this temporal part
        torch.testing.assert_close(
            grid[:4, t], frames[t, :4, None, None].expand(4, 3, 2))
    assert not frames[:, 4:].any()
    # hand-computed: pair 0 is sin, cos of the (normalised) position
    s = (2 + 0.5) / 5 * 2 * math.pi if normalize else 3.
    torch.testing.assert_close(frames[2, :2],
                               torch.tensor([math.sin(s), math.cos(s)]),
                               atol=1e-5, rtol=0)


def test_index_frame_embed_is_the_sine_of_the_box_query_index():
    queries = TubeletQueries(num_frames=4, num_queries=2, embed_dims=6)
    # pair 0 of frame t: sin t, cos t (frequency 1)
    torch.testing.assert_close(
        queries.frame_embed[:, :2],
        torch.tensor([[math.sin(t), math.cos(t)] for t in range(4)]))


def test_encoder_frame_embed_matches_the_keys_of_its_frame():
    cfg = tiny_cfg()
    torch.manual_seed(0)
    base = MODELS.build(cfg)
    cfg['queries']['frame_embed'] = 'encoder'
    torch.manual_seed(0)
    model = MODELS.build(cfg).eval()
    # an initialisation choice: it draws no random numbers, every
    # parameter starts as the default's
    for (name, p), q in zip(base.named_parameters(), model.parameters()):
        assert torch.equal(p, q), name
    data = model.data_preprocessor(make_batch(sizes=((32, 40), (32, 40))))
    _, pos, grid = model.extract_feat(data['inputs'], None)
    B, T, H, W = grid.shape
    pos = pos.view(B, T, H * W, -1)
    embed = model.queries.frame_embed  # (T_q, d), T_q = T_out = T
    t_feats = model.positional_encoding.num_feats[0]
    for t in range(T):
        torch.testing.assert_close(
            pos[:, t, :, :t_feats],
            embed[t, :t_feats].expand(B, H * W, t_feats))
    assert not embed[:, t_feats:].any()
    torch.testing.assert_close(
        model.queries(B) - base.queries(B),
        (embed - base.queries.frame_embed).expand(B, 5, T, -1))


def test_bad_frame_embed():
    with pytest.raises(ValueError, match='frame_embed must be one of'):
        TubeletQueries(num_frames=4, frame_embed='learnt')
    with pytest.raises(ValueError, match='needs the encoder'):
        TubeletQueries(num_frames=4, frame_embed='encoder')
    with pytest.raises(ValueError, match='16 channels, the queries 8'):
        TubeletQueries(num_frames=4, embed_dims=8, frame_embed='encoder',
                       positional_encoding=SinePositionalEncoding3D(
                           num_feats=(4, 6, 6)))
