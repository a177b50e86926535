"""Tube NMS on hand-made tubes: the overlap IoU and the greedy suppression."""
import numpy as np
import pytest

from mmcontinuity.evaluation.functional import (Tubes,
                                                check_tube_nms_settings,
                                                tube_iou_pairs, tube_nms,
                                                tube_overlap_iou_pairs)

BOX = [0., 0, 10, 10]
HALF = [0., 0, 10, 5]  # IoU with BOX: 50 / 100 = 0.5 (offset 0)
FAR = [50., 50, 60, 60]


def tube(frames, boxes):
    """``(n, 5)`` tube; ``boxes`` one box for all frames or one per frame."""
    boxes = np.broadcast_to(np.asarray(boxes, float), (len(frames), 4))
    return np.column_stack([frames, boxes])


def make(*specs):
    """Tubes from ``(frames, boxes, score, video, label)`` specs."""
    arrays, scores, videos, labels = [], [], [], []
    for frames, boxes, score, video, label in specs:
        arrays.append(tube(frames, boxes))
        scores.append(score)
        videos.append(video)
        labels.append(label)
    return Tubes.from_list(arrays, videos, labels, scores)


def test_overlap_iou_is_the_mean_over_shared_frames():
    # a: frames 1-10 on BOX; b: frames 7-12, BOX on 7-8, FAR on 9-10
    tubes = make((range(1, 11), BOX, .9, 0, 0),
                 (range(7, 13), [BOX, BOX, FAR, FAR, BOX, BOX], .8, 0, 0),
                 (range(11, 15), BOX, .7, 0, 0))
    o_iou = tube_overlap_iou_pairs(tubes, [0, 0, 1], tubes, [1, 2, 2], 0)
    # shared frames 7-10: IoUs 1, 1, 0, 0; a and c share no frame;
    # b and c share 11-12, both BOX
    np.testing.assert_allclose(o_iou, [0.5, 0, 1])
    # the spatio-temporal IoU is tIoU times it: tIoU(a, b) = 4 / 12
    np.testing.assert_allclose(
        tube_iou_pairs(tubes, [0, 1], tubes, [1, 2], 0),
        [0.5 * 4 / 12, 1 * 2 / 8])


def test_a_missing_box_on_a_shared_frame_counts_zero():
    tubes = make(([1, 2, 3, 4], BOX, .9, 0, 0), ([1, 4], BOX, .8, 0, 0))
    # shared extent 1-4; the second tube has boxes on frames 1 and 4 only
    np.testing.assert_allclose(
        tube_overlap_iou_pairs(tubes, [0], tubes, [1], 0), [0.5])


def test_duplicate_on_one_actor_is_suppressed_however_short():
    tubes = make((range(1, 41), BOX, .9, 0, 0),
                 (range(11, 19), BOX, .6, 0, 0))  # 8 of the 40 frames
    assert tube_nms(tubes, 0.5).tolist() == [True, False]
    # the spatio-temporal IoU (ACT's nms3dt) would keep it: 8 / 40
    assert tube_iou_pairs(tubes, [0], tubes, [1])[0] == pytest.approx(0.2)


def test_other_class_other_video_and_disjoint_time_are_kept():
    tubes = make((range(1, 11), BOX, .9, 0, 0),
                 (range(1, 11), BOX, .8, 0, 1),     # other class
                 (range(1, 11), BOX, .7, 1, 0),     # other video
                 (range(11, 21), BOX, .6, 0, 0),    # after the first tube
                 (range(1, 11), FAR, .5, 0, 0))     # elsewhere in the image
    assert tube_nms(tubes, 0.3).all()


def test_threshold_is_exclusive():
    tubes = make((range(1, 5), BOX, .9, 0, 0), (range(1, 5), HALF, .8, 0, 0))
    assert tube_nms(tubes, 0.5, offset=0).tolist() == [True, True]
    assert tube_nms(tubes, 0.49, offset=0).tolist() == [True, False]
    # thr 1 keeps even identical tubes; thr 0 removes any spatial overlap
    same = make((range(1, 5), BOX, .9, 0, 0), (range(1, 5), BOX, .8, 0, 0))
    assert tube_nms(same, 1.0).all()
    assert tube_nms(tubes, 0.0, offset=0).tolist() == [True, False]


def test_greedy_order_by_score():
    # c (best) suppresses a; b overlaps only a, which is gone: b stays
    a = [5., 0, 15, 10]   # IoU 1/3 with BOX and with b
    b = [10., 0, 20, 10]
    tubes = make((range(1, 5), a, .8, 0, 0),
                 (range(1, 5), b, .7, 0, 0),
                 (range(1, 5), BOX, .9, 0, 0))
    assert tube_nms(tubes, 0.3, offset=0).tolist() == [False, True, True]
    # ties go to the lower index
    tied = make((range(1, 5), BOX, .5, 0, 0), (range(1, 5), BOX, .5, 0, 0))
    assert tube_nms(tied, 0.5).tolist() == [True, False]


def test_class_agnostic_keeps_the_better_class_on_one_actor():
    # the demo's case: one actor, the same boxes, two classes
    tubes = make((range(1, 9), BOX, .47, 0, 1), (range(1, 9), BOX, .60, 0, 0))
    assert tube_nms(tubes, 0.3).tolist() == [True, True]
    assert tube_nms(tubes, 0.3, class_agnostic=True).tolist() == \
        [False, True]


def test_class_agnostic_partial_temporal_overlap():
    # b shares frames 7-10 with a on the same box: oIoU 1; c shares 9-10
    # with a, BOX then FAR: oIoU 0.5, kept (the threshold is exclusive);
    # c and b share 9-14: IoU 1 on 9 and 11-14 (BOX), 0 on 10: 5 / 6
    tubes = make((range(1, 11), BOX, .9, 0, 0),
                 (range(7, 17), BOX, .6, 0, 1),
                 (range(9, 15), [BOX, FAR, BOX, BOX, BOX, BOX], .7, 0, 2))
    np.testing.assert_allclose(
        tube_overlap_iou_pairs(tubes, [0, 0, 1], tubes, [1, 2, 2]),
        [1, 0.5, 5 / 6])
    assert tube_nms(tubes, 0.5).all()
    assert tube_nms(tubes, 0.5, class_agnostic=True).tolist() == \
        [True, False, True]
    # at 0.49 c goes too; b is suppressed by a, not by c
    assert tube_nms(tubes, 0.49, class_agnostic=True).tolist() == \
        [True, False, False]


def test_class_agnostic_keeps_other_actors_and_videos():
    tubes = make((range(1, 11), BOX, .9, 0, 0),
                 (range(1, 11), FAR, .8, 0, 1),     # another actor
                 (range(1, 11), BOX, .7, 1, 1),     # another video
                 (range(11, 21), BOX, .6, 0, 1))    # after the first tube
    assert tube_nms(tubes, 0.0, class_agnostic=True).all()


@pytest.mark.parametrize('class_agnostic', [False, True])
def test_groups_of_several_videos_and_classes_at_once(class_agnostic):
    rng = np.random.default_rng(0)
    starts, xs = rng.integers(1, 10, 40), rng.integers(0, 12, 40)
    specs = [(range(s, s + 6), [x, 0, x + 10, 10], float(score), v, c)
             for s, x, score, v, c in zip(starts, xs, rng.random(40),
                                          rng.integers(0, 3, 40),
                                          rng.integers(0, 2, 40))]
    tubes = make(*specs)
    keep = tube_nms(tubes, 0.4, class_agnostic=class_agnostic)
    # reference: one (video, class), or one video, at a time, plain greedy
    expected = np.zeros(len(tubes), bool)
    for v in range(3):
        for c in ([(0, 1)] if class_agnostic else [(0, ), (1, )]):
            idx = np.flatnonzero((tubes.video == v) &
                                 np.isin(tubes.label, c))
            kept = []
            for i in idx[np.argsort(-tubes.score[idx], kind='stable')]:
                if all(tube_overlap_iou_pairs(tubes, [k], tubes, [i])[0]
                       <= 0.4 for k in kept):
                    kept.append(i)
            expected[kept] = True
    assert keep.tolist() == expected.tolist()
    assert 0 < keep.sum() < len(tubes)


def test_empty_and_bad_threshold():
    assert tube_nms(Tubes.empty(), 0.5).shape == (0,)
    with pytest.raises(ValueError, match='iou_thr'):
        tube_nms(Tubes.empty(), 1.5)
    with pytest.raises(TypeError, match='class_agnostic must be a bool'):
        tube_nms(Tubes.empty(), 0.5, class_agnostic='True')


def test_settings_check():
    check_tube_nms_settings(None, False)
    check_tube_nms_settings(0.3, True)
    check_tube_nms_settings(0, np.bool_(True))
    with pytest.raises(ValueError, match='tube_nms_thr must be in'):
        check_tube_nms_settings(-0.1, False)
    with pytest.raises(TypeError, match='tube_nms_class_agnostic must be'):
        check_tube_nms_settings(0.3, 1)
    with pytest.raises(ValueError, match='needs a tube_nms_thr'):
        check_tube_nms_settings(None, True)
