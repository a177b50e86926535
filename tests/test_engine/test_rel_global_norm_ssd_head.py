"""GlobalNormSSDHead: in one process it is mmdet's SSDHead; in W processes
the mean of their gradients is the gradient of one process with the whole
batch (mmdet's SSDHead: not when the processes' positive counts differ)."""
import os.path as osp

import pytest
import torch
from mmdet.registry import MODELS
from mmengine.config import Config
from mmengine.structures import InstanceData

import mmcontinuity  # noqa: F401  (registers the head)
from mmcontinuity.models.two_in_one import ssd_head

SIZE = 112
LEVELS = ((32, 14), (64, 7), (64, 4))  # (channels, feature map side)


@pytest.fixture(scope='module')
def heads(repo_root):
    """(mmdet's SSDHead, GlobalNormSSDHead) of the tiny SSD config, with
    the same weights."""
    model = Config.fromfile(osp.join(
        repo_root, 'configs/two_in_one/_base_/models/ssd-tiny_r18-w16.py'
    )).model
    cfg = dict(model.bbox_head, train_cfg=model.train_cfg)
    cfg.pop('_scope_')
    torch.manual_seed(0)
    ours = MODELS.build(dict(cfg, type='GlobalNormSSDHead'))
    theirs = MODELS.build(dict(cfg, type='SSDHead'))
    theirs.load_state_dict(ours.state_dict())
    return theirs, ours


def _batch(boxes_per_image):
    """Features (one tensor per level) and ground truth of a batch whose
    i-th image has ``boxes_per_image[i]`` actors."""
    g = torch.Generator().manual_seed(1)
    n = len(boxes_per_image)
    feats = [torch.randn(n, c, s, s, generator=g) for c, s in LEVELS]
    gts = []
    for k in boxes_per_image:
        xy = torch.rand(k, 2, generator=g) * 70
        wh = 14 + torch.rand(k, 2, generator=g) * 24
        gts.append(InstanceData(bboxes=torch.cat([xy, xy + wh], 1),
                                labels=torch.randint(6, (k, ), generator=g)))
    metas = [dict(img_shape=(SIZE, SIZE), pad_shape=(SIZE, SIZE))] * n
    return feats, gts, metas


def _loss_and_grads(head, feats, gts, metas):
    head.zero_grad()
    losses = head.loss_by_feat(*head(feats), gts, metas)
    total = sum(sum(v) for v in losses.values())
    total.backward()
    return total.detach(), [p.grad.clone() for p in head.parameters()]


def _split(batch, part):
    feats, gts, metas = batch
    return [f[part] for f in feats], gts[part], metas[part]


def test_one_process_loss_is_ssd_heads(heads):
    batch = _batch([1, 2, 3, 1])
    (theirs, theirs_grads), (ours, ours_grads) = (
        _loss_and_grads(head, *batch) for head in heads)
    torch.testing.assert_close(ours, theirs, rtol=0, atol=1e-7)
    for a, b in zip(ours_grads, theirs_grads):
        torch.testing.assert_close(a, b, rtol=0, atol=1e-7)


def test_mean_of_two_processes_gradients_is_one_process_gradient(
        heads, monkeypatch):
    """Images with 1 + 1 and 3 + 3 actors on processes 0 and 1: their
    positive counts differ, so mmdet's SSDHead weighs the processes' images
    differently from one process; GlobalNormSSDHead does not. The two
    processes run here one after the other, each with the mean count that
    the all_reduce of ``mean_over_processes`` gives them."""
    theirs, ours = heads
    batch = _batch([1, 1, 3, 3])
    halves = [_split(batch, slice(0, 2)), _split(batch, slice(2, 4))]
    full_loss, full = _loss_and_grads(theirs, *batch)

    def positives(half):
        anchors, valid = theirs.get_anchors(
            [f.shape[-2:] for f in half[0]], half[2], device='cpu')
        return theirs.get_targets(anchors, valid, half[1], half[2])[4]

    counts = [positives(half) for half in halves]
    assert counts[0] != counts[1]
    monkeypatch.setattr(ssd_head, 'mean_over_processes',
                        lambda count: sum(counts) / 2)
    for head, matches in ((ours, True), (theirs, False)):
        results = [_loss_and_grads(head, *half) for half in halves]
        mean = [(a + b) / 2 for a, b in zip(results[0][1], results[1][1])]
        error = max(float((m - f).abs().max()) for m, f in zip(mean, full))
        scale = max(float(f.abs().max()) for f in full)
        assert (error < 1e-5 * scale) == matches, (head, error, scale)
        mean_loss = (results[0][0] + results[1][0]) / 2
        assert bool(torch.isclose(mean_loss, full_loss, rtol=1e-6)) == matches
