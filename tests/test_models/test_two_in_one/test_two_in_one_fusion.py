"""The late fusions of two detection streams (Table B.1) on hand-made
detections whose results are computed by hand."""
import pytest
import torch

from mmcontinuity.models.two_in_one.fusion import (boost_fusion, mean_fusion,
                                                   union_fusion)


def t(values):
    return torch.tensor(values, dtype=torch.float32)


# two appearance boxes, three flow boxes (classes: 2)
BOXES_A = t([[0, 0, 10, 10], [20, 20, 30, 30]])
SCORES_A = t([[0.6, 0.2], [0.1, 0.3]])
BOXES_F = t([[0, 0, 10, 12],      # IoU 100/120 with A0
             [50, 50, 60, 60],    # overlaps nothing
             [20, 20, 30, 40]])   # IoU 100/200 = 0.5 with A1
SCORES_F = t([[0.2, 0.2], [0.0, 0.5], [0.4, 0.1]])


def test_mean_fusion_averages_per_default_box():
    boxes, scores = mean_fusion(BOXES_A, SCORES_A, BOXES_F[[0, 2]],
                                SCORES_F[[0, 2]])
    torch.testing.assert_close(
        boxes, t([[0, 0, 10, 11], [20, 20, 30, 35]]))
    torch.testing.assert_close(scores, t([[0.4, 0.2], [0.25, 0.2]]))


def test_mean_fusion_of_tubelets_is_the_late_fusion():
    """(Q, K, 4) tubelets: every frame's box is averaged."""
    tubelets_a = torch.stack([BOXES_A, BOXES_A + 2], 1)    # (2, 2, 4)
    tubelets_f = torch.stack([BOXES_A + 4, BOXES_A], 1)
    boxes, scores = mean_fusion(tubelets_a, SCORES_A, tubelets_f,
                                SCORES_A * 0)
    torch.testing.assert_close(boxes,
                               torch.stack([BOXES_A + 2, BOXES_A + 1], 1))
    torch.testing.assert_close(scores, SCORES_A / 2)


def test_mean_fusion_needs_the_same_default_boxes():
    with pytest.raises(ValueError, match='same default boxes'):
        mean_fusion(BOXES_A, SCORES_A, BOXES_F, SCORES_F)


def test_boost_fusion_by_hand():
    boxes, scores = boost_fusion(BOXES_A, SCORES_A, BOXES_F, SCORES_F,
                                 iou_thr=0.5)
    # A0 + F0 = (0.8, 0.4) -> (2/3, 1/3); A1 + F2 = (0.5, 0.4) -> (5/9,
    # 4/9); F1 has no appearance partner: retained, (0, 0.5) -> (0, 1)
    torch.testing.assert_close(boxes, torch.cat([BOXES_A, BOXES_F[[1]]]))
    torch.testing.assert_close(
        scores, t([[2 / 3, 1 / 3], [5 / 9, 4 / 9], [0, 1]]))


def test_boost_fusion_threshold():
    """Above the IoU of A1 and F2 (0.5) the pair is no longer associated:
    A1 keeps its own scores (L1-normalised) and F2 is retained."""
    boxes, scores = boost_fusion(BOXES_A, SCORES_A, BOXES_F, SCORES_F,
                                 iou_thr=0.6)
    torch.testing.assert_close(boxes,
                               torch.cat([BOXES_A, BOXES_F[[1, 2]]]))
    torch.testing.assert_close(
        scores, t([[2 / 3, 1 / 3], [0.25, 0.75], [0, 1], [0.8, 0.2]]))


def test_boost_fusion_empty_streams():
    empty_boxes, empty_scores = torch.zeros(0, 4), torch.zeros(0, 2)
    boxes, scores = boost_fusion(empty_boxes, empty_scores, BOXES_F,
                                 SCORES_F)
    torch.testing.assert_close(boxes, BOXES_F)
    torch.testing.assert_close(scores,
                               t([[0.5, 0.5], [0, 1], [0.8, 0.2]]))
    boxes, scores = boost_fusion(BOXES_A, SCORES_A, empty_boxes,
                                 empty_scores)
    torch.testing.assert_close(boxes, BOXES_A)
    torch.testing.assert_close(scores, t([[0.75, 0.25], [0.25, 0.75]]))


def test_union_fusion_by_hand():
    """Labels (best class): A0 0, A1 1, F0 0, F1 1, F2 0. F0 overlaps A0
    (same class, IoU 0.83, lower score): suppressed; F2 overlaps A1 but
    with another best class: kept."""
    boxes, scores = union_fusion(BOXES_A, SCORES_A, BOXES_F, SCORES_F,
                                 nms_thr=0.45)
    # by decreasing best score: A0 0.6, F1 0.5, F2 0.4, A1 0.3
    torch.testing.assert_close(
        boxes, torch.stack([BOXES_A[0], BOXES_F[1], BOXES_F[2],
                            BOXES_A[1]]))
    torch.testing.assert_close(
        scores, torch.stack([SCORES_A[0], SCORES_F[1], SCORES_F[2],
                             SCORES_A[1]]))
    # a threshold above their IoU keeps all five
    boxes, _ = union_fusion(BOXES_A, SCORES_A, BOXES_F, SCORES_F,
                            nms_thr=0.9)
    assert len(boxes) == 5


def test_bad_inputs_name_the_stream():
    with pytest.raises(ValueError, match='flow scores'):
        boost_fusion(BOXES_A, SCORES_A, BOXES_F, SCORES_F[:2])
    with pytest.raises(ValueError, match='appearance boxes'):
        union_fusion(BOXES_A[:, :3], SCORES_A, BOXES_F, SCORES_F)
    with pytest.raises(ValueError, match='classes'):
        union_fusion(BOXES_A, SCORES_A, BOXES_F, SCORES_F[:, :1])
