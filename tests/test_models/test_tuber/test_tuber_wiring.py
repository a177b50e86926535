"""Wiring of TubeR: every decoder layer's cross-attention reads the encoder
memory with the positional embedding of the same tokens (a query can tell
*where* the memory it attends to lies only through these positions)."""
import torch
from mmaction.registry import MODELS
from tuber_fakes import make_batch, tiny_cfg


def test_cross_attention_keys_carry_the_positions_of_their_tokens():
    torch.manual_seed(0)
    model = MODELS.build(tiny_cfg()).eval()
    data = model.data_preprocessor(make_batch(sizes=((32, 40), (32, 40))))
    seen = {}

    def keep(name):
        def hook(module, args):
            seen[name] = args
        return hook

    model.encoder.register_forward_pre_hook(keep('encoder'))
    for i, layer in enumerate(model.decoder.layers):
        layer.cross_attn.register_forward_pre_hook(keep(f'cross{i}'))
    feats = {}
    model.input_proj.register_forward_hook(
        lambda m, a, out: feats.setdefault('proj', out))
    with torch.no_grad():
        model.forward_transformer(data['inputs'], data['data_samples'])
    tokens, pos = seen['encoder'][:2]
    proj = feats['proj']  # (B, d, T, H, W)
    B, d, T, H, W = proj.shape
    # token l is the grid cell (t, y, x) = unravel(l) in content and position
    t, y, x = torch.meshgrid(*[(torch.arange(n) + 0.5) / n
                               for n in (T, H, W)], indexing='ij')
    grid_pos = model.positional_encoding.embed_points(
        torch.stack([t, y, x], -1)).reshape(T * H * W, d)
    for b in range(B):
        torch.testing.assert_close(tokens[b],
                                   proj[b].reshape(d, -1).T)
        torch.testing.assert_close(pos[b], grid_pos)
    memory = model.encoder(*seen['encoder'])
    for i in range(len(model.decoder.layers)):
        _, _, key, key_pos, key_mask, attn_mask = seen[f'cross{i}']
        assert attn_mask is None  # Eq. 6.6: the whole memory
        torch.testing.assert_close(key, memory)
        torch.testing.assert_close(key_pos, pos)
        assert not key_mask.any()
    # the decoder output depends on where the memory lies: the same tokens
    # at shuffled positions change the tubelet boxes
    perm = torch.randperm(T * H * W)
    queries = model.queries(B)
    with torch.no_grad():
        out = model.decoder(queries, queries, memory, pos)
        moved = model.decoder(queries, queries, memory, pos[:, perm])
    assert not torch.allclose(model.bbox_head(out)[0],
                              model.bbox_head(moved)[0], atol=1e-4)
