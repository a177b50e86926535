"""TubeRTTAModel: merging the views of a clip (2-view test of Sec. 6.4.1)."""
import copy

import pytest
import torch
from mmaction.registry import MODELS
from mmaction.structures import ActionDataSample
from mmengine.structures import InstanceData
from tuber_fakes import make_batch, tiny_cfg

from mmcontinuity.models.tuber import tubelet_iou_pairwise


def _view(boxes, scores, switch):
    sample = ActionDataSample()
    pred = InstanceData(metainfo=dict(frame_inds=[5, 6]))
    pred.bboxes = torch.tensor(boxes, dtype=torch.float32)
    pred.scores = torch.tensor(scores)
    pred.switch_scores = torch.tensor(switch)
    pred.action_on = pred.switch_scores >= 0.5
    sample.pred_instances = pred
    return sample


def test_tubelet_iou_pairwise_is_the_mean_over_frames():
    a = torch.tensor([[[0., 0, 10, 10], [0, 0, 10, 10]]])
    b = torch.tensor([[[0., 0, 10, 10], [5, 0, 15, 10]],
                      [[20., 20, 30, 30], [20, 20, 30, 30]]])
    torch.testing.assert_close(tubelet_iou_pairwise(a, b),
                               torch.tensor([[(1 + 1 / 3) / 2, 0.]]))
    torch.testing.assert_close(tubelet_iou_pairwise(a[:, 0], b[:, 1]),
                               torch.tensor([[1 / 3, 0.]]))


def test_merge_pairs_by_iou_and_averages():
    tta = MODELS.build(dict(type='TubeRTTAModel', module=tiny_cfg(),
                            iou_thr=0.5))
    tta.module.test_cfg['switch_thr'] = 0.5
    box_a = [[0., 0, 10, 10], [2, 0, 12, 10]]
    box_b = [[50., 50, 60, 60], [50, 50, 60, 60]]
    ref = _view([box_a, box_b], [[.8, .1], [.2, .6]], [[.9, .3], [.4, .4]])
    # the other view lists them in the other order; b moved: IoU < 0.5
    other = _view(
        [[[1., 0, 11, 10], [3, 0, 13, 10]],
         [[56., 56, 66, 66], [56, 56, 66, 66]]],
        [[.4, .3], [.6, .1]], [[.6, .6], [.8, .8]])
    other.pred_instances = other.pred_instances[[1, 0]]
    merged = tta.merge_preds([[ref, other]])[0].pred_instances
    torch.testing.assert_close(
        merged.bboxes[0],
        torch.tensor([[.5, 0, 10.5, 10], [2.5, 0, 12.5, 10]]))
    torch.testing.assert_close(merged.scores[0], torch.tensor([.6, .2]))
    torch.testing.assert_close(merged.switch_scores[0],
                               torch.tensor([.75, .45]))
    assert merged.action_on[0].tolist() == [True, False]
    # unpaired: the first view's own prediction
    torch.testing.assert_close(merged.bboxes[1], torch.tensor(box_b))
    torch.testing.assert_close(merged.scores[1], torch.tensor([.2, .6]))
    assert merged.metainfo['frame_inds'] == [5, 6]
    assert len(merged) == 2
    with pytest.raises(ValueError, match='iou_thr'):
        MODELS.build(dict(type='TubeRTTAModel', module=tiny_cfg(),
                          iou_thr=2))


def test_identical_views_merge_to_the_single_view():
    """test_step runs the model on every view; two identical views pair
    every tubelet with itself and give the single-view prediction."""
    torch.manual_seed(0)
    tta = MODELS.build(dict(type='TubeRTTAModel', module=tiny_cfg(),
                            iou_thr=0.))
    tta.eval()
    batch = make_batch(sizes=((32, 40), ))
    twin = copy.deepcopy(batch)
    data = dict(inputs=[batch['inputs'], twin['inputs']],
                data_samples=[batch['data_samples'], twin['data_samples']])
    with torch.no_grad():
        merged = tta.test_step(data)[0].pred_instances
        single = tta.module.test_step(batch)[0].pred_instances
    torch.testing.assert_close(merged.bboxes, single.bboxes)
    torch.testing.assert_close(merged.scores, single.scores)
