"""Multi-frame (ACT-style) SSD: anchor cuboids, tubelet targets, stacked
per-frame features, loss and prediction on tiny clips."""
import os.path as osp

import pytest
import torch
from mmaction.registry import MODELS
from mmaction.structures import ActionDataSample
from mmengine.config import Config
from mmengine.registry import DefaultScope
from mmengine.structures import InstanceData

import mmcontinuity  # noqa: F401
from mmcontinuity.models.two_in_one.tubelet_ssd import tubelet_iou

REPO = osp.dirname(osp.dirname(osp.dirname(osp.dirname(
    osp.abspath(__file__)))))
TINY = osp.join(REPO, 'configs/two_in_one/multi_frame/two-in-one-act-ssd-'
                'tiny_r18-w16_1xb8-600_continuity-bench-tubelets-rgb-flow.py')
K = 6


@pytest.fixture(autouse=True)
def mmaction_scope():
    with DefaultScope.overwrite_default_scope('mmaction'):
        yield


@pytest.fixture(scope='module')
def model():
    with DefaultScope.overwrite_default_scope('mmaction'):
        torch.manual_seed(0)
        detector = MODELS.build(Config.fromfile(TINY).model)
        detector.init_weights()
    return detector


def test_tubelet_iou_by_hand():
    priors = torch.tensor([[0., 0, 10, 10], [0, 0, 20, 10]])
    # frame 0 equals prior 0, frame 1 is shifted by half its width
    tubelets = torch.tensor([[[0., 0, 10, 10], [5, 0, 15, 10]]])
    torch.testing.assert_close(
        tubelet_iou(priors, tubelets),
        torch.tensor([[(1 + 50 / 150) / 2], [(0.5 + 0.5) / 2]]))


def test_targets_of_a_tubelet_on_a_default_box(model):
    """The cuboid of the default box the tubelet sits on is positive with
    its class and zero offsets on every frame; far cuboids are negative."""
    head = model.bbox_head
    priors = torch.cat(head.prior_generator.grid_priors(
        [(14, 14), (7, 7), (4, 4)], device='cpu'))
    gt = InstanceData(bboxes=priors[100].expand(1, K, 4).clone(),
                      labels=torch.tensor([3]))
    labels, negative, targets = head._targets(priors, gt)
    assert labels[100] == 3 and not negative[100]
    torch.testing.assert_close(targets[100], torch.zeros(K, 4))
    far = tubelet_iou(priors, gt.bboxes)[:, 0] == 0
    assert negative[far].all() and (labels[far] == head.num_classes).all()
    assert ((labels < head.num_classes) == ~negative).all()


def test_features_are_the_frames_features_stacked(model):
    model.eval()
    clip = torch.randn(1, 5, K, 112, 112)
    stacked = model.extract_feat(model._frames(clip))
    with torch.no_grad():
        for k in (0, K - 1):
            single = model.neck(model.backbone(clip[:, :, k]))
            for level, feat in zip(stacked, single):
                c = feat.size(1)
                torch.testing.assert_close(level[:, k * c:(k + 1) * c],
                                           feat)


def samples(n=2):
    out = []
    for i in range(n):
        sample = ActionDataSample(metainfo=dict(
            video_id='v', frame_inds=list(range(1, K + 1)),
            img_shape=(112, 112), ori_shape=(224, 224),
            scale_factor=(0.5, 0.5)))
        boxes = torch.tensor([10., 20, 40, 70]) + torch.arange(
            K, dtype=torch.float32)[:, None]
        sample.gt_instances = InstanceData(
            bboxes=boxes[None], labels=torch.tensor([i]),
            valid=torch.ones(1, K, dtype=torch.bool))
        out.append(sample)
    return out


def clips(n=2):
    g = torch.Generator().manual_seed(0)
    return [torch.randint(0, 256, (5, K, 112, 112), generator=g,
                          dtype=torch.uint8) for _ in range(n)]


def test_loss_and_predict(model):
    model.train()
    data = model.data_preprocessor(
        dict(inputs=clips(), data_samples=samples()), True)
    losses = model(**data, mode='loss')
    assert losses['loss_cls'] > 0 and losses['loss_bbox'] > 0
    sum(losses.values()).backward()
    assert sum(reg[-1].weight.grad.abs().sum()
               for reg in model.bbox_head.reg_convs) > 0
    model.eval()
    data = model.data_preprocessor(
        dict(inputs=clips(), data_samples=samples()), False)
    with torch.no_grad():
        pred = model(**data, mode='predict')[0].pred_instances
    assert pred.bboxes.shape == (len(pred), K, 4) and len(pred) > 0
    assert pred.scores.shape == (len(pred), 6)
    assert pred.bboxes.max() > 112  # in the 224-pixel original frames
    with pytest.raises(ValueError, match='clips of 6 frames'):
        model(torch.zeros(2, 5, 4, 112, 112), samples(), mode='predict')
