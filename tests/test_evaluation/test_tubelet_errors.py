"""Tubelet error analysis: clip matching, statistics and oracles."""
import numpy as np
import pytest

from mmcontinuity.evaluation.functional import (match_clip, oracle_records,
                                                tubelet_statistics)


def _clip():
    """Two predicted tubelets over 2 frames, one ground-truth tubelet that
    exists on both frames and acts on the second only."""
    record = dict(
        bboxes=np.array([[[50., 50, 59, 59], [50, 50, 59, 59]],
                         [[0., 0, 9, 9], [0, 0, 9, 4]]]),
        scores=np.array([[.9, .1], [.3, .6]]),
        switch_scores=np.array([[.9, .9], [.7, .2]]))
    gt = dict(boxes=np.array([[[0., 0, 9, 9], [0, 0, 9, 9]]]),
              valid=np.array([[True, True]]),
              action_on=np.array([[False, True]]),
              labels=np.array([0]))
    return record, gt


def test_match_clip_by_mean_iou_and_class():
    record, gt = _clip()
    rows, cols, iou = match_clip(record, gt)
    assert rows.tolist() == [1] and cols.tolist() == [0]
    np.testing.assert_allclose(iou, [[1., .5]])  # 10x5 in 10x10 (inclusive)
    gt['valid'][0, 1] = False  # frame 1 does not count, still the best
    rows, _, _ = match_clip(record, gt)
    assert rows.tolist() == [1]
    # two predictions on the actor: the one of its class is its detection
    twin = dict(record, bboxes=record['bboxes'][[1, 1]],
                scores=np.array([[.1, .8], [.7, .2]]))
    assert match_clip(twin, gt)[0].tolist() == [1]
    gt['action_on'][:] = False  # idle: the one that says "no action"
    twin['scores'] = np.array([[.1, .8], [.05, .05]])
    assert match_clip(twin, gt)[0].tolist() == [1]
    empty = {k: v[:0] for k, v in gt.items()}
    rows, cols, iou = match_clip(record, empty)
    assert rows.size == cols.size == 0 and iou.shape == (0, 2)


def test_statistics_by_hand():
    record, gt = _clip()
    stats = tubelet_statistics([record], [gt], switch_thr=0.5)
    assert stats['iou'] == pytest.approx(0.75)
    assert stats['iou@0.5'] == 1 and stats['iou@0.7'] == 0.5
    # frame 0 idle, switch 0.7 (on: wrong); frame 1 acting, 0.2 (off: wrong)
    assert stats['switch_on'] == 0 and stats['switch_off'] == 0
    assert stats['class_acc'] == 0  # top class 1, label 0
    assert stats['matched'] == 1
    record['scores'][1] = [.6, .3]
    assert tubelet_statistics([record], [gt])['class_acc'] == 1


def test_oracles_replace_the_matched_parts():
    record, gt = _clip()
    boxes = oracle_records([record], [gt], ['box'])[0]['bboxes']
    np.testing.assert_array_equal(boxes[1], gt['boxes'][0])
    np.testing.assert_array_equal(boxes[0], record['bboxes'][0])
    switch = oracle_records([record], [gt], ['switch'])[0]['switch_scores']
    np.testing.assert_array_equal(switch, [[.9, .9], [0, 1]])
    # the matched tubelet's top score (.6) moves to its label; the
    # unmatched one keeps its scores
    scores = oracle_records([record], [gt], ['class'])[0]['scores']
    np.testing.assert_array_equal(scores, [[.9, .1], [.6, 0]])
    gt['action_on'][:] = False  # an idle tubelet shows no class
    scores = oracle_records([record], [gt], ['class'])[0]['scores']
    np.testing.assert_array_equal(scores, [[.9, .1], [0, 0]])
    assert record['scores'][1].tolist() == [.3, .6]  # input not modified
    with pytest.raises(ValueError, match='unknown oracle parts'):
        oracle_records([record], [gt], ['label'])
