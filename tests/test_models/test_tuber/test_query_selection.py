"""TubeletQuerySelection: anchors at the tokens of highest actorness,
tubelet proposals, positive tokens and the selection losses (through a tiny
TubeRWithProposals that builds it)."""
import pytest
import torch
from mmaction.registry import MODELS
from torchvision.ops import sigmoid_focal_loss
from tuber_fakes import make_batch, proposals_cfg, single_query_cfg, tiny_cfg


def _run(model, batch, mode):
    data = model.data_preprocessor(batch, mode == 'loss')
    return model(**data, mode=mode)


def test_selected_anchors_follow_actorness_and_padding():
    """With the zero-initialised proposal regression, the anchors of the
    selected tokens are their token boxes (centre, anchor_size) on every
    frame."""
    model = MODELS.build(
        proposals_cfg(dict(anchor_size=0.25), tiny_cfg(num_queries=2)))
    B, T, H, W = 2, 4, 3, 5
    mask = torch.zeros(B, T, H, W, dtype=torch.bool)
    mask[1, :, 2:] = True  # sample 1: 2 valid rows
    mask[1, :, :, 4:] = True  # and 4 valid columns
    memory = torch.zeros(B, T, H, W, 16)
    memory[0, :, 2, 4, 0] = 3.  # best token of sample 0: row 2, column 4
    memory[0, :, 0, 1, 0] = 2.  # second best: row 0, column 1
    memory[1, 1:, 1, 3, 0] = 5.  # sample 1: row 1, column 3, on 3 frames
    memory[1, :, 0, 0, 0] = 1.
    memory[1, :, 2, 4, 0] = 9.  # padding: never selected
    torch.nn.init.zeros_(model.query_selection.actorness.weight)
    torch.nn.init.zeros_(model.query_selection.actorness.bias)
    model.query_selection.actorness.weight.data[0, 0] = 1.
    out = model.query_selection(memory.flatten(1, 3), mask)
    anchors, actorness = out['anchors'], out['actorness']
    assert actorness.shape == (B, T, H, W)
    assert anchors.shape == (B, 2, 4, 4)
    a = anchors.sigmoid()
    assert torch.equal(a, a[:, :, :1].expand_as(a))  # same on every frame
    torch.testing.assert_close(
        a[:, :, 0],
        torch.tensor([[[4.5 / 5, 2.5 / 3, .25, .25], [1.5 / 5, .5 / 3, .25,
                                                      .25]],
                      [[3.5 / 4, 1.5 / 2, .25, .25], [.5 / 4, .5 / 2, .25,
                                                      .25]]]),
        atol=1e-4, rtol=0)
    with pytest.raises(ValueError, match='at most'):
        MODELS.build(proposals_cfg(
            cfg=tiny_cfg(num_queries=16))).query_selection(
                memory.flatten(1, 3), mask)
    with pytest.raises(ValueError, match='anchor_size'):
        MODELS.build(proposals_cfg(dict(anchor_size=1.5)))


def _actorness_loss(model, logits, mask, targets):
    positives, _ = model.query_selection.positive_tokens(mask, targets)
    return model.query_selection.actorness_loss(logits, mask, positives)


def test_actorness_loss_on_mean_box_centres():
    """The positives of a tubelet are the token of its mean box centre over
    the frames where it exists, on each of those frames."""
    model = MODELS.build(proposals_cfg())
    mask = torch.zeros(1, 2, 2, 4, dtype=torch.bool)
    mask[..., 3:] = True  # 3 valid columns
    target = dict(
        boxes=torch.tensor([[[0.1, 0.9, .1, .1], [0.5, 0.2, .1, .1]]]),
        valid=torch.tensor([[True, True]]),
        action_on=torch.tensor([[True, True]]),
        labels=torch.tensor([0]))
    logits = torch.randn(1, 2, 2, 4)
    expected = torch.zeros(1, 2, 2, 4)
    # mean centre (0.3, 0.55): column 0 of 3, row 1 of 2, on both frames
    expected[0, :, 1, 0] = 1
    focal = sigmoid_focal_loss(logits, expected, reduction='none')
    loss = _actorness_loss(model, logits, mask, [target])
    torch.testing.assert_close(loss, focal[..., :3].sum() / 2)
    target['valid'][0, 1] = False  # a missing box is no positive
    target['boxes'][0, 0, :2] = torch.tensor([0.9, 0.2])  # column 2, row 0
    expected[0] = 0
    expected[0, 0, 0, 2] = 1
    focal = sigmoid_focal_loss(logits, expected, reduction='none')
    torch.testing.assert_close(
        _actorness_loss(model, logits, mask, [target]), focal[..., :3].sum())


def test_tubelet_proposals():
    """Proposals: every token regresses a box relative to its anchor box;
    the selected tokens' boxes are per-frame anchors; an actor is anchored
    at the token of its mean centre on all of its frames, which regresses
    its boxes there."""
    model = MODELS.build(
        proposals_cfg(dict(anchor_size=0.25), tiny_cfg(num_queries=2)))
    B, T, H, W = 1, 4, 3, 5
    mask = torch.zeros(B, T, H, W, dtype=torch.bool)
    memory = torch.randn(B, T, H, W, 16)
    torch.nn.init.zeros_(model.query_selection.actorness.weight)
    model.query_selection.actorness.weight.data[0, 0] = 1.
    memory[..., 0] = 0.
    memory[0, :, 1, 2, 0] = 5.  # best: row 1, column 2
    memory[0, :, 0, 4, 0] = 4.  # second: row 0, column 4
    out = model.query_selection(memory.flatten(1, 3), mask)
    props = out['proposals']
    assert props.shape == (B, T, H, W, 4)
    # zero-initialised regression: the token anchor boxes
    torch.testing.assert_close(props[0, 2, 1, 3],
                               torch.tensor([3.5 / 5, 1.5 / 3, .25, .25]))
    model.query_selection.proposal.weight.data.normal_()
    out = model.query_selection(memory.flatten(1, 3), mask)
    props = out['proposals']
    anchors = out['anchors'].sigmoid()
    assert anchors.shape == (B, 2, T, 4)
    torch.testing.assert_close(anchors[0, 0], props[0, :, 1, 2], atol=1e-4,
                               rtol=0)
    torch.testing.assert_close(anchors[0, 1], props[0, :, 0, 4], atol=1e-4,
                               rtol=0)
    assert not torch.allclose(anchors[0, 0, 0], anchors[0, 0, 1])
    # an actor moving right: centre x 0.15 -> 0.75, mean 0.45 -> column 2
    boxes = torch.tensor([[[x, 0.5, .2, .2] for x in (.15, .35, .55, .75)]])
    target = dict(boxes=boxes, valid=torch.tensor([[True] * 4]))
    target.update(labels=torch.tensor([2]),
                  action_on=torch.tensor([[False, True, True, False]]))
    positives, gt = model.query_selection.positive_tokens(mask, [target])
    assert positives.T.tolist() == [[0, t, 1, 2] for t in range(4)]
    torch.testing.assert_close(gt['boxes'], boxes[0])
    assert gt['labels'].tolist() == [2] * 4
    assert gt['action_on'].tolist() == [False, True, True, False]
    target['valid'][0, 0] = False  # mean of frames 1-3: 0.55 -> column 2
    positives, gt = model.query_selection.positive_tokens(mask, [target])
    assert positives.T.tolist() == [[0, t, 1, 2] for t in range(1, 4)]
    losses = model.query_selection.proposal_losses(out, positives, gt)
    pred = props[0, 1:, 1, 2]
    torch.testing.assert_close(
        losses['loss_proposal_bbox'],
        2 * (pred - boxes[0, 1:]).abs().sum() / 3)
    assert 0 < losses['loss_proposal_giou'] < 2 * 2
    # in training the proposal losses reach the proposal layer
    losses = _run(model, make_batch(), 'loss')
    assert {'loss_actorness', 'loss_proposal_bbox',
            'loss_proposal_giou'} <= set(losses)
    sum(losses.values()).backward()
    assert model.query_selection.proposal.weight.grad.abs().sum() > 0
    # dense heads: switch and class of the positives' tokens, with the
    # weights of the selection's config
    model = MODELS.build(proposals_cfg(
        dict(switch_weight=1., cls_weight=5.), tiny_cfg(num_queries=2)))
    out = model.query_selection(memory.flatten(1, 3), mask)
    assert out['proposal_switch'].shape == (B, T, H, W)
    assert out['proposal_cls'].shape == (B, T, H, W, 4)  # 3 + no-action
    losses = model.query_selection.proposal_losses(out, positives, gt)
    switch = out['proposal_switch'][0, 1:, 1, 2]
    torch.testing.assert_close(
        losses['loss_proposal_switch'],
        torch.nn.functional.binary_cross_entropy_with_logits(
            switch, torch.tensor([1., 1., 0.])))
    torch.testing.assert_close(
        losses['loss_proposal_cls'],
        5 * torch.nn.functional.cross_entropy(
            out['proposal_cls'][0, 1:, 1, 2], torch.tensor([2, 2, 2])))
    model.query_selection.switch_weight = 0.5
    model.query_selection.cls_weight = 2.5
    half = model.query_selection.proposal_losses(out, positives, gt)
    for key in ('loss_proposal_switch', 'loss_proposal_cls'):
        torch.testing.assert_close(half[key], losses[key] / 2)
    torch.testing.assert_close(half['loss_proposal_bbox'],
                               losses['loss_proposal_bbox'])
    losses = _run(model, make_batch(), 'loss')
    sum(losses.values()).backward()
    assert model.query_selection.proposal_cls.weight.grad.abs().sum() > 0
    assert model.query_selection.proposal_switch.weight.grad.abs().sum() > 0
    single = MODELS.build(proposals_cfg(cfg=single_query_cfg()))
    _, boxes, _ = _run(single, make_batch(), 'tensor')
    assert boxes.shape == (2, 2, 5, 4, 4)


def test_selection_owns_its_loss_weights():
    """The selection's losses scale with its own weights only: the
    criterion's weights change the criterion's losses, not these."""
    names = ('loss_actorness', 'loss_proposal_bbox', 'loss_proposal_giou',
             'loss_proposal_switch', 'loss_proposal_cls')
    weights = dict(actorness_weight=1., bbox_weight=2., giou_weight=2.,
                   switch_weight=0.2, cls_weight=1.)

    def losses(selection, criterion):
        torch.manual_seed(0)
        cfg = proposals_cfg(selection)
        cfg['criterion'] = dict(type='TubeletCriterion', **criterion)
        return _run(MODELS.build(cfg), make_batch(), 'loss')

    ref = losses(weights, {})
    crit = dict(switch_weight=3., cls_weight=7., bbox_weight=5.,
                giou_weight=0.5)
    other = losses(weights, crit)
    for name in names:
        torch.testing.assert_close(other[name], ref[name])
    assert not torch.allclose(other['loss_cls'], ref['loss_cls'])
    doubled = losses({k: 2 * v for k, v in weights.items()}, {})
    for name in names:
        torch.testing.assert_close(doubled[name], 2 * ref[name])
