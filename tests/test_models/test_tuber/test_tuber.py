"""The TubeR detector: build from config, loss / predict / tensor, data
preprocessing, query modes, proposals and box refinement, two-stream input,
output geometry and switch trimming."""
import inspect

import numpy as np
import pytest
import torch
from mmaction.registry import MODELS
from tuber_fakes import (TINY_CFG, make_batch, make_sample, proposals_cfg,
                         single_query_cfg, tiny_cfg)

from mmcontinuity.models.tuber import (TubeR, TubeRWithProposals,
                                       TubeRWithReferenceBoxes,
                                       TwoStreamTubeR, boxes_at_frame,
                                       output_frame_indices)


TINY_CLS_HEAD = TINY_CFG['cls_head']


def _run(model, batch, mode):
    data = model.data_preprocessor(batch, mode == 'loss')
    return model(**data, mode=mode)


def test_data_preprocessor_pads_and_masks():
    pre = MODELS.build(
        dict(type='TubeletDataPreprocessor', mean=[1., 2., 3.],
             std=[2., 2., 2.], pad_size_divisor=16))
    batch = make_batch(sizes=((32, 40), (24, 33)))
    data = pre(batch, False)
    inputs, samples = data['inputs'], data['data_samples']
    assert inputs.shape == (2, 3, 4, 32, 48)
    m0, m1 = samples[0].padding_mask, samples[1].padding_mask
    assert m0.shape == m1.shape == (32, 48)
    assert not m0[:, :40].any() and m0[:, 40:].all()
    assert not m1[:24, :33].any() and m1[24:].all() and m1[:, 33:].all()
    assert samples[1].batch_input_shape == (32, 48)
    clip = batch['inputs'][1].float()
    torch.testing.assert_close(inputs[1, :, :, :24, :33],
                               (clip - torch.tensor([1., 2., 3.]).view(
                                   3, 1, 1, 1)) / 2)
    assert (inputs[1][:, :, 24:] == 0).all()  # zero after normalisation
    # RGB + flow clips: only the first three channels are BGR -> RGB
    pre = MODELS.build(
        dict(type='TubeletDataPreprocessor', mean=[0.] * 5, std=[1.] * 5,
             to_rgb=True))
    clip = torch.arange(5.).view(5, 1, 1, 1).expand(5, 2, 4, 4)
    out = pre(dict(inputs=[clip], data_samples=None), False)['inputs']
    assert out[0, :, 0, 0, 0].tolist() == [2., 1., 0., 3., 4.]
    bad = make_batch()
    bad['inputs'][1] = bad['inputs'][1][:, :2]
    with pytest.raises(ValueError, match='share'):
        pre(bad, False)


def test_data_preprocessor_channels_last_3d():
    """The channels-last batch holds the same values in another layout, and
    a model trained on it gets the same loss and (up to the summation order
    of float32) the same gradients."""
    batch = make_batch(sizes=((32, 40), (24, 33)))
    out = {}
    for fmt in ('contiguous', 'channels_last_3d'):
        pre = MODELS.build(
            dict(type='TubeletDataPreprocessor', mean=[1., 2., 3.],
                 std=[2., 2., 2.], pad_size_divisor=16, memory_format=fmt))
        out[fmt] = pre(batch, False)['inputs']
    dense, last = out['contiguous'], out['channels_last_3d']
    assert dense.is_contiguous()
    assert last.is_contiguous(memory_format=torch.channels_last_3d)
    assert not last.is_contiguous()
    assert last.stride(1) == 1  # channels innermost
    assert torch.equal(dense, last)
    with pytest.raises(ValueError, match="memory_format must be one of"):
        MODELS.build(dict(type='TubeletDataPreprocessor',
                          memory_format='channels_last'))

    torch.manual_seed(0)
    model = MODELS.build(tiny_cfg())
    grads, losses = {}, {}
    for fmt in ('contiguous', 'channels_last_3d'):
        model.zero_grad()
        model.data_preprocessor.memory_format = fmt
        loss = _run(model, make_batch(), 'loss')
        total = sum(v for k, v in loss.items() if 'loss' in k)
        total.backward()
        losses[fmt] = total.item()
        grads[fmt] = [p.grad.clone() for p in model.parameters()
                      if p.grad is not None]
    assert losses['contiguous'] == pytest.approx(losses['channels_last_3d'],
                                                 rel=1e-5)
    assert len(grads['contiguous']) == len(grads['channels_last_3d']) > 0
    for a, b in zip(grads['contiguous'], grads['channels_last_3d']):
        torch.testing.assert_close(a, b, rtol=1e-4, atol=1e-5)


def test_output_frame_indices_dense_and_sparse():
    assert output_frame_indices(4, 4).tolist() == [0, 1, 2, 3]
    assert output_frame_indices(8, 4).tolist() == [1, 3, 5, 7]
    assert output_frame_indices(32, 4).tolist() == [4, 12, 20, 28]
    assert output_frame_indices(7, 1).tolist() == [3]
    with pytest.raises(ValueError):
        output_frame_indices(4, 8)


class _FixedSwitchHead(torch.nn.Module):
    """Box head double: centred boxes, the given switch logits per frame."""

    frames_per_query = 1

    def __init__(self, logits):
        super().__init__()
        self.logits = logits

    def forward(self, feats, anchors=None):
        *lead, t, _ = feats.shape
        return (feats.new_full((*lead, t, 4), 0.5),
                self.logits.expand(*lead, t))


@pytest.mark.parametrize('thr', [0.5, 0.])
def test_switch_cuts_frames_from_tubelets(thr):
    """Frames whose switch score is below test_cfg.switch_thr are cut, so a
    tubelet can be shorter than the clip (thr 0: the "w/o switch" row)."""
    model = MODELS.build(tiny_cfg(test_cfg=dict(switch_thr=thr))).eval()
    logits = torch.tensor([-2., 1., -0.5, 3.])
    model.bbox_head = _FixedSwitchHead(logits)
    with torch.no_grad():
        pred = _run(model, make_batch(), 'predict')[0].pred_instances
    torch.testing.assert_close(pred.switch_scores,
                               logits.sigmoid().expand(5, 4))
    expected = [False, True, False, True] if thr else [True] * 4
    assert pred.action_on.tolist() == [expected] * 5


def test_boxes_at_key_frame():
    boxes = torch.arange(4.)[None, :, None].expand(2, 4, 4) * 10
    frames = output_frame_indices(32, 4)  # 4, 12, 20, 28
    torch.testing.assert_close(boxes_at_frame(boxes, frames, 16),
                               torch.full((2, 4), 15.))
    torch.testing.assert_close(boxes_at_frame(boxes, frames, 12),
                               torch.full((2, 4), 10.))
    torch.testing.assert_close(boxes_at_frame(boxes, frames, 0),
                               torch.full((2, 4), 0.))
    torch.testing.assert_close(boxes_at_frame(boxes, frames, 31),
                               torch.full((2, 4), 30.))


@pytest.mark.parametrize('query_mode', ['tubelet', 'single'])
@pytest.mark.parametrize('attn_mode', ['tubelet', 'self'])
def test_build_loss_predict(query_mode, attn_mode):
    cfg = tiny_cfg() if query_mode == 'tubelet' else single_query_cfg()
    cfg['decoder']['layer_cfg']['attn_mode'] = attn_mode
    model = MODELS.build(cfg)
    q = model.queries.query_embed
    assert q.shape == (5, 4 if query_mode == 'tubelet' else 1, 16)
    assert torch.equal(q, q[:, :1].expand_as(q))  # identical per tubelet
    batch = make_batch()
    losses = _run(model, batch, 'loss')
    assert len(losses) == 8  # 4 terms x 2 decoder layers
    total = sum(losses.values())
    assert torch.isfinite(total)
    total.backward()
    assert model.queries.query_embed.grad.abs().sum() > 0
    assert model.backbone.conv.weight.grad.abs().sum() > 0

    model.eval()
    with torch.no_grad():
        out = _run(model, make_batch(), 'predict')
    pred = out[0].pred_instances
    assert pred.bboxes.shape == (5, 4, 4)
    assert pred.switch_scores.shape == pred.action_on.shape == (5, 4)
    assert pred.scores.shape == (5, 3)  # no background column
    assert np.array_equal(pred.frame_inds, np.arange(10, 14))
    # boxes in the original frame (2x the input, see make_sample)
    assert (pred.bboxes[..., 0::2] <= 80).all()
    assert (pred.bboxes[..., 1::2] <= 64).all()

    cls_logits, boxes, switch = _run(model, make_batch(), 'tensor')
    assert cls_logits.shape == (2, 2, 5, 4)
    assert boxes.shape == (2, 2, 5, 4, 4) and switch.shape == (2, 2, 5, 4)


@pytest.mark.parametrize('query_mode', ['tubelet', 'single'])
def test_box_refinement(query_mode):
    """Layer 0 regresses from the selected proposals, layer l + 1 from the
    detached boxes of layer l (per box query: the mean of the boxes it
    regresses), and the queries sit at the anchor centres, embedded like
    the memory tokens there."""
    base = tiny_cfg() if query_mode == 'tubelet' else single_query_cfg()
    model = MODELS.build(proposals_cfg(dict(anchor_size=0.2), base))
    data = model.data_preprocessor(make_batch(), True)
    feats, positions = [], []
    model.decoder.register_forward_hook(lambda m, a, out: feats.append(out))
    model.decoder.layers[0].register_forward_hook(
        lambda m, args, out: positions.append(args[1]))
    out = model.forward_transformer(data['inputs'], data['data_samples'])
    feats = feats[0]  # (L, B, N, T_q, C)
    t_q = 4 if query_mode == 'tubelet' else 1
    reg = model.bbox_head.fc_reg(feats).reshape(2, 2, 5, t_q, 4 // t_q, 4)
    tokens, pos, mask = model.extract_feat(
        data['inputs'], model._padding_mask(data['data_samples']))
    first = model.query_selection(
        model.encoder(tokens, pos, mask.flatten(1)), mask)['anchors']
    assert first.shape == (2, 5, t_q, 4)
    expected0 = (reg[0] + first[..., None, :]).sigmoid().flatten(2, 3)
    torch.testing.assert_close(out['boxes'][0], expected0)
    prev = torch.logit(expected0.unflatten(2, (t_q, -1)).mean(3), eps=1e-4)
    expected1 = (reg[1] + prev[..., None, :]).sigmoid().flatten(2, 3)
    torch.testing.assert_close(out['boxes'][1], expected1)
    # the anchor centre of box query t is embedded like the memory token
    # at that place on the t-th of the T_q frame groups
    anchors = first.sigmoid()
    frame = (torch.arange(t_q) + 0.5) / t_q
    expected = model.positional_encoding.embed_points(
        torch.stack([frame.expand(2, 5, t_q), anchors[..., 1],
                     anchors[..., 0]], -1))
    torch.testing.assert_close(positions[0],
                               model.queries(2) + expected)
    # the refinement is detached: layer 1's boxes give layer 0 no gradient
    # through its anchors, only through the decoder features
    out['boxes'][1].sum().backward()
    assert model.bbox_head.fc_reg[-1].weight.grad.abs().sum() > 0


def test_two_stream_backbones():
    """RGB channels go to the backbone, flow channels to the flow backbone,
    and their features are concatenated before the projection."""
    model = MODELS.build(tiny_cfg(
        type='TwoStreamTubeR',
        flow_backbone=dict(type='TinyBackbone3D', in_channels=2,
                           out_channels=6),
        in_channels=14,
        data_preprocessor=dict(type='TubeletDataPreprocessor',
                               mean=[0.] * 5, std=[255.] * 5)))
    clips = torch.rand(2, 5, 4, 32, 40)
    feats = []
    model.input_proj.register_forward_hook(
        lambda m, args, out: feats.append(args[0]))
    model.extract_feat(clips, None)
    expected = torch.cat([model.backbone(clips[:, :3]),
                          model.flow_backbone(clips[:, 3:])], 1)
    torch.testing.assert_close(feats[0], expected)
    moved = clips.clone()
    moved[:, 3:] += 1  # only the flow features change
    model.extract_feat(moved, None)
    torch.testing.assert_close(feats[1][:, :8], feats[0][:, :8])
    assert not torch.allclose(feats[1][:, 8:], feats[0][:, 8:])
    batch = make_batch()
    batch['inputs'] = [torch.cat([c, c[:2]]) for c in batch['inputs']]
    losses = _run(model, batch, 'loss')
    sum(losses.values()).backward()
    assert model.flow_backbone.conv.weight.grad.abs().sum() > 0
    assert model.backbone.conv.weight.grad.abs().sum() > 0
    with pytest.raises(ValueError, match='RGB \\+ flow clips'):
        model.extract_feat(clips[:, :3], None)
    model.flow_backbone = MODELS.build(
        dict(type='TinyBackbone3D', in_channels=2, out_channels=6,
             spatial_stride=2))
    with pytest.raises(ValueError, match='they must match'):
        model.extract_feat(clips, None)


def test_proposals_train_and_predict():
    """TubeRWithProposals adds the query selection's five losses to the
    criterion's and predicts like TubeR."""
    model = MODELS.build(proposals_cfg())
    assert isinstance(model, TubeRWithProposals)
    losses = _run(model, make_batch(), 'loss')
    assert set(losses) == set(_run(MODELS.build(tiny_cfg()), make_batch(),
                                   'loss')) | {
        'loss_actorness', 'loss_proposal_bbox', 'loss_proposal_giou',
        'loss_proposal_switch', 'loss_proposal_cls'}
    sum(losses.values()).backward()
    assert model.query_selection.actorness.weight.grad.abs().sum() > 0
    model.eval()
    with torch.no_grad():
        pred = _run(model, make_batch(), 'predict')[0].pred_instances
    assert pred.bboxes.shape == (5, 4, 4)


def test_constructor_is_small():
    """The thesis' model is wired from at most 12 config-built parts and
    settings; the extension adds one (its query selection)."""
    params = inspect.signature(TubeR.__init__).parameters
    assert len(params) - 1 <= 12, list(params)
    for cls, extra in ((TubeRWithProposals, 'query_selection'),
                       (TubeRWithReferenceBoxes, 'reference_size'),
                       (TwoStreamTubeR, 'flow_backbone')):
        params = set(inspect.signature(cls.__init__).parameters)
        assert params == {'self', extra, 'kwargs'}


def test_sparse_tubelets_from_temporal_pooling():
    """T_in = 8 frames, backbone keeps 8, num_frames = 4: pooled to 4 and the
    ground truth taken on output_frame_indices(8, 4)."""
    model = MODELS.build(tiny_cfg(num_frames=4))
    batch = dict(zip(('inputs', 'data_samples'),
                     map(list, zip(*[make_sample(t=8, seed=s)
                                     for s in range(2)]))))
    data = model.data_preprocessor(batch, True)
    tokens, pos, mask = model.extract_feat(data['inputs'], None)
    assert tokens.shape == (2, 4 * 8 * 10, 16)
    assert torch.isfinite(sum(model(**data, mode='loss').values()))
    target = model._targets(data['data_samples'][0], 8)
    assert target['boxes'].shape == (2, 4, 4)
    model.eval()
    pred = model(**model.data_preprocessor(batch, False),
                 mode='predict')[0].pred_instances
    assert np.array_equal(pred.frame_inds, 10 + np.array([1, 3, 5, 7]))
    with pytest.raises(ValueError, match='fewer'):
        MODELS.build(tiny_cfg(num_frames=16)).extract_feat(
            data['inputs'], None)


@pytest.mark.parametrize('multi_label', [False, True])
def test_idle_tubelets_target_no_action(multi_label):
    """An actor visible but acting on no output frame targets the no-action
    class (zero multi-hot labels); one acting on a single frame keeps its
    label; the sample's labels are not modified."""
    cls_head = dict(TINY_CLS_HEAD, multi_label=multi_label)
    model = MODELS.build(tiny_cfg(cls_head=cls_head))
    _, sample = make_sample(num_gts=3, multi_label=multi_label)
    gt = sample.gt_instances
    gt.action_on[0] = False  # idle on every frame
    gt.action_on[1] = False
    gt.action_on[1, 2] = True  # acts on one frame
    original = gt.labels.clone()
    target = model._targets(sample, 4)
    if multi_label:
        assert (target['labels'][0] == 0).all()
    else:
        assert target['labels'][0] == 3  # num_classes: the no-action class
    assert torch.equal(target['labels'][1:], original[1:])
    assert torch.equal(gt.labels, original)
    assert not target['action_on'][0].any()
    assert torch.equal(target['valid'], gt.valid)


def test_mmaction_backbone():
    """Any mmaction2 3-D backbone works, e.g. a tiny ResNet3d."""
    backbone = dict(
        type='ResNet3d', depth=18, pretrained=None, pretrained2d=False,
        base_channels=4, num_stages=2, stage_blocks=(1, 1), out_indices=(1, ),
        spatial_strides=(1, 2), temporal_strides=(1, 1), dilations=(1, 1),
        with_pool2=False)
    model = MODELS.build(tiny_cfg(backbone=backbone, in_channels=8))
    model.init_weights()
    losses = _run(model, make_batch(), 'loss')
    assert torch.isfinite(sum(losses.values()))


def test_multi_label_keyframe_output():
    cfg = tiny_cfg(test_cfg=dict(output='keyframe'))
    cfg['cls_head'].update(num_classes=4, multi_label=True, context='none')
    model = MODELS.build(cfg)
    batch = make_batch(num_classes=4, multi_label=True)
    assert torch.isfinite(sum(_run(model, batch, 'loss').values()))
    model.eval()
    with torch.no_grad():
        pred = _run(model, batch, 'predict')[1].pred_instances
    assert pred.bboxes.shape == (5, 4) and pred.scores.shape == (5, 4)
    assert (pred.bboxes >= 0).all() and (pred.bboxes <= 1).all()
    assert (pred.scores >= 0).all() and (pred.scores <= 1).all()


@pytest.mark.parametrize('inclusive', [True, False])
def test_predict_undoes_resize_crop_and_flip(inclusive):
    model = MODELS.build(
        tiny_cfg(test_cfg=dict(inclusive_boxes=inclusive)))
    # input 40 x 32 (w x h): crop at (6, 4) of a 2x down-scaled frame, flipped
    meta = dict(img_shape=(32, 40), ori_shape=(100, 120),
                scale_factor=np.array([0.5, 0.5]),
                crop_bbox=np.array([6, 4, 46, 36]), flip=True)
    box = torch.tensor([[0.25, 0.5, 0.1, 0.25]])  # cxcywh in the input
    out = model._to_original(box, meta)
    # input xyxy (8, 12, 12, 20) -> unflip x -> W (- 1) - x: (28 (27), 12,
    # 32 (31), 20) -> +crop (34 (33), 16, 38 (37), 24) -> /0.5
    expected = [66., 32., 74., 48.] if inclusive else [68., 32., 76., 48.]
    torch.testing.assert_close(out, torch.tensor([expected]))
    # clipped to the original frame
    out = model._to_original(torch.tensor([[0.5, 0.5, 2., 2.]]), meta)
    assert out.min() >= 0 and out[0, 2] <= 120 and out[0, 3] <= 100


def test_bad_configs():
    with pytest.raises(ValueError, match='encoder has 16 channels, the '
                       'positional encoding 12'):
        MODELS.build(
            tiny_cfg(positional_encoding=dict(
                type='SinePositionalEncoding3D', num_feats=(4, 4, 4))))
    with pytest.raises(ValueError, match='decoder has 256'):
        MODELS.build(tiny_cfg(decoder=dict(type='TubeRDecoder')))
    with pytest.raises(ValueError, match='test_cfg.output'):
        MODELS.build(tiny_cfg(test_cfg=dict(output='boxes')))
    with pytest.raises(ValueError, match='frames_per_query=3'):
        MODELS.build(
            tiny_cfg(bbox_head=dict(type='TubeletBoxHead',
                                    frames_per_query=3)))
    with pytest.raises(ValueError, match='cls_head'):
        MODELS.build(tiny_cfg(cls_head=None))


def test_train_step_learns_and_val_step():
    """mmengine's train_step on one fixed batch lowers the loss."""
    from mmengine.optim import OptimWrapper
    torch.manual_seed(0)
    model = MODELS.build(tiny_cfg())
    optim = OptimWrapper(torch.optim.AdamW(model.parameters(), lr=2e-3))
    history = [float(model.train_step(make_batch(), optim)['loss'])
               for _ in range(10)]
    assert history[-1] < 0.9 * history[0]
    model.eval()
    out = model.val_step(make_batch())
    assert out[0].pred_instances.bboxes.shape == (5, 4, 4)
