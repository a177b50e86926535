"""TubeRWithReferenceBoxes: learnt reference boxes anchor the box queries
(our option beyond the thesis)."""
import pytest
import torch
from mmaction.registry import MODELS
from tuber_fakes import make_batch, tiny_cfg

from mmcontinuity.models.tuber import TubeRWithReferenceBoxes


def _build(**kwargs):
    torch.manual_seed(0)
    return MODELS.build(tiny_cfg(type='TubeRWithReferenceBoxes', **kwargs))


def test_reference_boxes_shapes_and_losses():
    """One reference box per box query, identical within a tubelet at
    initialisation; the losses are TubeR's and reach the reference boxes."""
    model = _build(reference_size=0.3)
    assert isinstance(model, TubeRWithReferenceBoxes)
    ref = model.reference_boxes.sigmoid()
    assert ref.shape == (5, 4, 4)
    assert torch.allclose(ref, ref[:, :1].expand_as(ref))
    assert torch.allclose(ref[..., 2:], torch.full((5, 4, 2), 0.3))
    data = model.data_preprocessor(make_batch(), True)
    losses = model(**data, mode='loss')
    torch.manual_seed(0)
    plain = MODELS.build(tiny_cfg())
    assert set(losses) == set(plain(**data, mode='loss'))
    sum(losses.values()).backward()
    assert model.reference_boxes.grad.abs().sum() > 0
    model.eval()
    with torch.no_grad():
        pred = model(**model.data_preprocessor(make_batch(), False),
                     mode='predict')[0].pred_instances
    assert pred.bboxes.shape == (5, 4, 4)


def test_first_layer_boxes_are_anchored_at_the_reference():
    """Layer 1 regresses sigmoid(Linear_b(F_tub) + sigmoid⁻¹(a)); with a zero
    regression the boxes are the reference boxes, and a reference centred on
    a token gets that token's positional embedding as its anchor position."""
    model = _build()
    for p in model.bbox_head.fc_reg[-1].parameters():
        torch.nn.init.zeros_(p)
    data = model.data_preprocessor(make_batch(), True)
    _, boxes, _ = model(**data, mode='tensor')
    ref = model.reference_boxes.sigmoid()
    assert torch.allclose(boxes[0], ref.expand_as(boxes[0]), atol=1e-4)
    tokens, pos, mask = model.extract_feat(data['inputs'], None)
    T, H, W = mask.shape[1:]  # 4 x 8 x 10 tokens of the first clip
    t, y, x = 2, 3, 7
    anchor = torch.tensor([(x + 0.5) / W, (y + 0.5) / H, 0.2, 0.2])
    anchors = anchor.expand(1, 1, T, 4)
    assert torch.allclose(model.anchor_pos(anchors)[0, 0, t],
                          pos[0, (t * H + y) * W + x], atol=1e-5)


def test_reference_size_must_be_a_fraction():
    with pytest.raises(ValueError, match='reference_size'):
        _build(reference_size=1.5)


def test_frame_local_cross_attention():
    """FrameLocalTubeRDecoderLayer: the box query of frame t puts all its
    cross-attention on the memory tokens of frame t; the plain layer
    spreads it over every frame."""
    from mmcontinuity.models.tuber import FrameLocalTubeRDecoderLayer
    layer = FrameLocalTubeRDecoderLayer(embed_dims=16, num_heads=2,
                                        feedforward_channels=32, dropout=0.)
    mask = layer.cross_attn_mask(2, 3, 12, 'cpu')  # 3 frames of 4 tokens
    expected = torch.ones(3, 12, dtype=torch.bool)
    for t in range(3):
        expected[t, 4 * t:4 * t + 4] = False
    assert torch.equal(mask, expected.repeat(2, 1))
    cfg = tiny_cfg()
    cfg['decoder']['layer_cfg']['type'] = 'FrameLocalTubeRDecoderLayer'
    model = MODELS.build(cfg).eval()
    weights = []
    attn = model.decoder.layers[0].cross_attn.attn
    attn.register_forward_pre_hook(
        lambda m, a, k: (a, dict(k, need_weights=True)), with_kwargs=True)
    attn.register_forward_hook(lambda m, a, out: weights.append(out[1]))
    data = model.data_preprocessor(make_batch(), False)
    with torch.no_grad():
        model(**data, mode='tensor')
    w = weights[0].view(2, 5, 4, 4, -1).sum(-1)  # (B, N, T_q, T_mem)
    assert torch.allclose(w, torch.eye(4).expand_as(w), atol=1e-6)
    with pytest.raises(ValueError, match='frame-local'):
        layer.cross_attn_mask(2, 3, 10, 'cpu')
