"""Hungarian matcher (brute-force check) and every loss term on hand cases."""
import itertools
import math

import pytest
import torch
import tuber_fakes  # noqa: F401  (imports mmcontinuity first)
from mmaction.registry import MODELS, TASK_UTILS


def _random_case(num_preds, num_gts, T, C, multi_label, seed):
    g = torch.Generator().manual_seed(seed)
    logits = torch.randn(num_preds, C + (0 if multi_label else 1),
                         generator=g)
    boxes = torch.rand(num_preds, T, 2, generator=g) * 0.5 + 0.25
    boxes = torch.cat([boxes, torch.rand(num_preds, T, 2, generator=g) * 0.3
                       + 0.05], -1)
    gt_boxes = torch.rand(num_gts, T, 2, generator=g) * 0.5 + 0.25
    gt_boxes = torch.cat(
        [gt_boxes, torch.rand(num_gts, T, 2, generator=g) * 0.3 + 0.05], -1)
    valid = torch.rand(num_gts, T, generator=g) > 0.3
    valid[:, 0] = True
    if multi_label:
        labels = (torch.rand(num_gts, C, generator=g) > 0.5).float()
    else:
        labels = torch.randint(0, C, (num_gts, ), generator=g)
    return logits, boxes, labels, gt_boxes, valid


@pytest.mark.parametrize('multi_label', [False, True])
@pytest.mark.parametrize('seed', range(4))
def test_matcher_is_optimal_against_brute_force(multi_label, seed):
    matcher = TASK_UTILS.build(dict(type='TubeletHungarianMatcher'))
    case = _random_case(5, 3, 4, 3, multi_label, seed)
    cost = matcher.cost(*case)
    assert cost.shape == (5, 3)
    pred_inds, gt_inds = matcher(*case)
    assert sorted(gt_inds.tolist()) == [0, 1, 2]
    assert len(set(pred_inds.tolist())) == 3
    found = cost[pred_inds, gt_inds].sum()
    best = min(
        sum(cost[p, k] for k, p in enumerate(perm))
        for perm in itertools.permutations(range(5), 3))
    torch.testing.assert_close(found, best)


def test_matcher_cost_hand_case():
    matcher = TASK_UTILS.build(dict(type='TubeletHungarianMatcher'))
    logits = torch.zeros(1, 3)  # 2 classes + no-action: p = 1/3
    boxes = torch.tensor([[[0.5, 0.5, 0.2, 0.2]] * 2])
    gt = torch.tensor([[[0.5, 0.5, 0.2, 0.2], [0.6, 0.5, 0.2, 0.2]]])
    labels = torch.tensor([0])
    # frame 1 (the shifted box) does not count where the gt does not exist
    only_first = matcher.cost(logits, boxes, labels, gt,
                              torch.tensor([[True, False]]))
    torch.testing.assert_close(only_first, torch.tensor([[-5 / 3]]))
    # frame 1: L1 = 0.1; IoU = 0.02 / 0.06, enclosing area = union -> GIoU 1/3
    both = matcher.cost(logits, boxes, labels, gt,
                        torch.tensor([[True, True]]))
    torch.testing.assert_close(
        both, torch.tensor([[-5 / 3 + 2 * 0.1 + 2 * (1 - 1 / 3)]]))


def test_matcher_edge_cases():
    matcher = TASK_UTILS.build(dict(type='TubeletHungarianMatcher'))
    logits, boxes, labels, gt_boxes, valid = _random_case(2, 3, 2, 3, False, 0)
    with pytest.raises(ValueError, match='num_queries'):
        matcher(logits, boxes, labels, gt_boxes, valid)
    pred, gt = matcher(logits, boxes, labels[:0], gt_boxes[:0], valid[:0])
    assert pred.numel() == 0 and gt.numel() == 0


def _hand_case(multi_label):
    """One sample, 2 queries x 2 frames; query 0 matches the single gt."""
    gt_box = torch.tensor([[0.5, 0.5, 0.2, 0.2], [0.5, 0.5, 0.2, 0.2]])
    boxes = torch.tensor([[[0.5, 0.5, 0.2, 0.2], [0.6, 0.5, 0.2, 0.2]],
                          [[0.1, 0.1, 0.05, 0.05], [0.1, 0.1, 0.05, 0.05]]])
    switch = torch.tensor([[0., 2.], [5., 5.]])
    if multi_label:
        cls_logits = torch.tensor([[2., -1.], [0., 0.]])
        labels = torch.tensor([[1., 0.]])
    else:
        cls_logits = torch.tensor([[2., 0., -1.], [0., 0., 1.]])
        labels = torch.tensor([0])
    target = dict(
        labels=labels,
        boxes=gt_box[None],
        valid=torch.tensor([[True, True]]),
        action_on=torch.tensor([[True, False]]))
    # two decoder layers with the same outputs
    return (cls_logits.expand(2, 1, -1, -1), boxes.expand(2, 1, -1, -1, -1),
            switch.expand(2, 1, -1, -1), [target])


@pytest.mark.parametrize('multi_label', [False, True])
def test_each_loss_term_by_hand(multi_label):
    criterion = MODELS.build(dict(type='TubeletCriterion'))
    losses = criterion(*_hand_case(multi_label))
    assert set(losses) == {
        f'{p}loss_{n}'
        for p in ('', 'd0.') for n in ('switch', 'cls', 'bbox', 'giou')
    }
    # L_box (D.4): frame 1 is off by 0.1 in cx; 2 valid gt boxes; lambda 2
    torch.testing.assert_close(losses['loss_bbox'],
                               torch.tensor(2 * 0.1 / 2))
    # L_iou (D.5-6): frame 0 GIoU 1, frame 1 GIoU 1/3
    torch.testing.assert_close(losses['loss_giou'],
                               torch.tensor(2 * (0 + 2 / 3) / 2))
    # L_switch (D.3): BCE(0 -> on) and BCE(2 -> off), mean over frames
    bce_on, bce_off = math.log(2), math.log(1 + math.exp(2))
    torch.testing.assert_close(losses['loss_switch'],
                               torch.tensor((bce_on + bce_off) / 2))
    if multi_label:
        # D.2 over all queries, unmatched targets all zero weighted 0.1,
        # / num gts (1)
        def sp(x):  # -log(sigmoid(-x)) = BCE of logit x against 0
            return math.log(1 + math.exp(x))
        expected = (sp(-2.) + sp(-1.)) + 0.1 * (sp(0.) + sp(0.))
    else:
        # softmax CE, query 1 -> no-action class with weight 0.1
        ce0 = -torch.log_softmax(torch.tensor([2., 0., -1.]), 0)[0]
        ce1 = -torch.log_softmax(torch.tensor([0., 0., 1.]), 0)[2]
        expected = float((ce0 + 0.1 * ce1) / 1.1)
    torch.testing.assert_close(losses['loss_cls'],
                               torch.tensor(5 * expected))
    for name in ('switch', 'cls', 'bbox', 'giou'):
        torch.testing.assert_close(losses[f'd0.loss_{name}'],
                                   losses[f'loss_{name}'])


def test_loss_without_aux_and_without_gt():
    criterion = MODELS.build(dict(type='TubeletCriterion', aux_loss=False))
    cls_logits, boxes, switch, targets = _hand_case(False)
    assert set(criterion(cls_logits, boxes, switch, targets)) == {
        'loss_switch', 'loss_cls', 'loss_bbox', 'loss_giou'
    }
    empty = {k: v[:0] for k, v in targets[0].items()}
    cls_logits = cls_logits.clone().requires_grad_()
    losses = criterion(cls_logits, boxes, switch, [empty])
    for value in losses.values():
        assert torch.isfinite(value)
    assert losses['loss_bbox'] == 0 and losses['loss_switch'] == 0
    losses['loss_cls'].backward()  # all queries pushed to no-action
    assert cls_logits.grad.abs().sum() > 0
