"""Box IoU, AP, frame-mAP, tube IoU and video-mAP with hand-computed values."""
import numpy as np
import pytest

from mmcontinuity.evaluation.functional import (COCO_THRS, Tubes,
                                                average_precision, box_iou,
                                                frame_map, summarize_video_map,
                                                tube_iou, video_map)

BOX = [0, 0, 9, 9]  # 10 x 10 inclusive-pixel box
SHIFTED = [5, 0, 14, 9]  # IoU with BOX: 50 / 150 = 1/3


def tube(first, last, box=BOX):
    frames = np.arange(first, last + 1)
    return np.column_stack([frames, np.tile(box, (frames.size, 1))])


def frame_gt(rows):
    """rows: (video, frame, label, box)."""
    return dict(video=[r[0] for r in rows], frame=[r[1] for r in rows],
                label=[r[2] for r in rows],
                bboxes=np.array([r[3] for r in rows], float).reshape(-1, 4))


def frame_det(rows):
    """rows: (video, frame, label, score, box)."""
    out = frame_gt([(r[0], r[1], r[2], r[4]) for r in rows])
    out['score'] = [r[3] for r in rows]
    return out


class TestBoxIoU:

    def test_inclusive_pixels(self):
        assert box_iou([BOX], [SHIFTED])[0, 0] == pytest.approx(1 / 3)
        # a one-pixel box has area 1 with offset=1
        assert box_iou([[3, 3, 3, 3]], [[3, 3, 3, 3]])[0, 0] == 1

    def test_continuous(self):
        iou = box_iou([[0, 0, 10, 10]], [[5, 0, 15, 10], [20, 20, 30, 30]],
                      offset=0)
        np.testing.assert_allclose(iou, [[1 / 3, 0]])
        # zero-area boxes: empty union, IoU defined as 0 (not NaN)
        assert box_iou([[1, 1, 1, 1]], [[1, 1, 1, 1]], offset=0)[0, 0] == 0

    @pytest.mark.parametrize('box, msg', [([9, 0, 0, 9], 'x2 < x1'),
                                          ([0, 9, 9, 0], 'y2 < y1'),
                                          ([0, 0, np.nan, 9], 'non-finite')])
    def test_bad_boxes(self, box, msg):
        with pytest.raises(ValueError, match=msg):
            box_iou([box], [BOX])

    def test_bad_shape(self):
        with pytest.raises(ValueError, match=r'shape \(\.\.\., 4\)'):
            box_iou([[0, 0, 1]], [BOX])


class TestAveragePrecision:

    def test_hand_computed(self):
        # precision 1, 1/2, 2/3 at recall 1/2, 1/2, 1
        tp = [True, False, True]
        act = 0.5 * (1 + 1) / 2 + 0.5 * (0.5 + 2 / 3) / 2
        assert average_precision(tp, 2, 'act') == pytest.approx(act)
        voc = 0.5 * 1 + 0.5 * 2 / 3
        assert average_precision(tp, 2, 'voc') == pytest.approx(voc)

    def test_edge_cases(self):
        assert average_precision([], 3) == 0
        assert average_precision([True, True], 2) == 1
        assert average_precision([True, True], 2, 'voc') == 1
        with pytest.raises(ValueError, match='num_gt'):
            average_precision([True], 0)
        with pytest.raises(ValueError, match='mode'):
            average_precision([True], 1, 'coco')


class TestFrameMAP:

    def test_perfect(self):
        gt = frame_gt([(0, 1, 0, BOX), (0, 2, 0, BOX), (1, 1, 1, SHIFTED)])
        det = frame_det([(0, 1, 0, .9, BOX), (0, 2, 0, .8, BOX),
                         (1, 1, 1, .7, SHIFTED)])
        res = frame_map(det, gt, 2)
        np.testing.assert_allclose(res['ap'], [1, 1])
        assert res['mAP'] == 1

    def test_no_detections(self):
        res = frame_map(frame_det([]), frame_gt([(0, 1, 0, BOX)]), 1)
        assert res['mAP'] == 0

    def test_class_without_gt_is_nan_and_skipped(self):
        gt = frame_gt([(0, 1, 0, BOX)])
        det = frame_det([(0, 1, 0, .5, BOX), (0, 1, 1, .9, BOX)])
        res = frame_map(det, gt, 3)
        assert res['ap'][0] == 1
        assert np.isnan(res['ap'][1:]).all()
        np.testing.assert_array_equal(res['num_gt'], [1, 0, 0])
        assert res['mAP'] == 1

    def test_frame_without_gt_is_false_positive(self):
        gt = frame_gt([(0, 1, 0, BOX)])
        # the higher-scored detection is on frame 2, which has no box
        det = frame_det([(0, 2, 0, .9, BOX), (0, 1, 0, .8, BOX)])
        res = frame_map(det, gt, 1)
        # precision 0, 1/2 at recall 0, 1
        assert res['mAP'] == pytest.approx(0.25)
        assert frame_map(det, gt, 1, mode='voc')['mAP'] == pytest.approx(.5)
        np.testing.assert_array_equal(res['tp'], [False, True])

    def test_duplicates(self):
        gt = frame_gt([(0, 1, 0, BOX), (0, 2, 0, BOX)])
        det = frame_det([(0, 1, 0, .9, BOX), (0, 1, 0, .8, BOX),
                         (0, 2, 0, .7, BOX)])
        res = frame_map(det, gt, 1)
        np.testing.assert_array_equal(res['tp'], [True, False, True])
        assert res['mAP'] == pytest.approx(0.5 + 0.5 * (0.5 + 2 / 3) / 2)

    def test_best_unmatched_gt_is_taken(self):
        gt = frame_gt([(0, 1, 0, BOX), (0, 1, 0, SHIFTED)])
        det = frame_det([(0, 1, 0, .9, BOX), (0, 1, 0, .8, [1, 0, 10, 9])])
        # second detection overlaps BOX best (taken), SHIFTED by 45/155
        tp = frame_map(det, gt, 1, iou_thr=0.25)['tp']
        assert tp.tolist() == [True, True]
        tp = frame_map(det, gt, 1, iou_thr=0.5)['tp']
        assert tp.tolist() == [True, False]

    def test_threshold(self):
        gt = frame_gt([(0, 1, 0, BOX)])
        det = frame_det([(0, 1, 0, .9, SHIFTED)])
        assert frame_map(det, gt, 1, iou_thr=0.5)['mAP'] == 0
        assert frame_map(det, gt, 1, iou_thr=0.3)['mAP'] == 1

    def test_errors(self):
        gt = frame_gt([(0, 1, 0, BOX)])
        with pytest.raises(ValueError, match='x2 < x1'):
            frame_map(frame_det([(0, 1, 0, .9, [9, 0, 0, 9])]), gt, 1)
        with pytest.raises(ValueError, match='no boxes'):
            frame_map(frame_det([]), frame_gt([]), 1)
        with pytest.raises(ValueError, match='labels outside'):
            frame_map(frame_det([(0, 1, 5, .9, BOX)]), gt, 2)
        with pytest.raises(ValueError, match='lacks keys'):
            frame_map(dict(video=[0]), gt, 1)


class TestTubeIoU:

    def iou(self, a, b):
        ta = Tubes.from_list([a], [0], [0])
        tb = Tubes.from_list([b], [0], [0])
        return tube_iou(ta, tb)[0, 0]

    def test_no_temporal_overlap(self):
        assert self.iou(tube(1, 3), tube(4, 6)) == 0

    def test_one_frame_overlap(self):
        assert self.iou(tube(1, 3), tube(3, 5)) == pytest.approx(1 / 5)

    def test_spatial_mean_over_overlap(self):
        b = np.array([[1, *SHIFTED], [2, *BOX], [3, *BOX]])
        # temporal 3/4 (frames 1-4 vs 1-3); spatial (1/3 + 1 + 1) / 3
        assert self.iou(tube(1, 4), b) == pytest.approx(0.75 * 7 / 9)

    def test_hole_counts_as_zero(self):
        holed = np.array([[1, *BOX], [3, *BOX]])
        assert self.iou(holed, tube(1, 3)) == pytest.approx(2 / 3)

    def test_matrix_and_errors(self):
        a = Tubes.from_list([tube(1, 2), tube(5, 6)], [0, 0], [0, 0])
        np.testing.assert_allclose(tube_iou(a, a), np.eye(2))
        with pytest.raises(ValueError, match='increase strictly'):
            Tubes.from_list([tube(1, 2)[::-1]], [0], [0])
        with pytest.raises(ValueError, match='y2 < y1'):
            Tubes.from_list([[[1, 0, 9, 9, 0]]], [0], [0])


def tubes(items):
    """items: (video, label, score, tube array)."""
    return Tubes.from_list([i[3] for i in items], [i[0] for i in items],
                           [i[1] for i in items], [i[2] for i in items])


class TestVideoMAP:

    def test_perfect(self):
        gt = tubes([(0, 0, 1, tube(1, 10)), (1, 1, 1, tube(3, 8, SHIFTED))])
        det = tubes([(0, 0, .3, tube(1, 10)),
                     (1, 1, .9, tube(3, 8, SHIFTED))])
        res = video_map(det, gt, 2, COCO_THRS)
        np.testing.assert_allclose(res['mAP'], 1)
        assert summarize_video_map(res)['v-mAP@0.5:0.95'] == 1

    def test_no_detections(self):
        res = video_map(Tubes.empty(), tubes([(0, 0, 1, tube(1, 5))]), 1)
        np.testing.assert_array_equal(res['mAP'], [0, 0, 0])

    def test_class_without_gt(self):
        gt = tubes([(0, 0, 1, tube(1, 5))])
        det = tubes([(0, 1, .9, tube(1, 5)), (0, 0, .5, tube(1, 5))])
        res = video_map(det, gt, 2, [0.5])
        assert res['ap'][0, 0] == 1 and np.isnan(res['ap'][0, 1])
        assert res['mAP'][0] == 1

    def test_temporal_overlap_cases(self):
        gt = tubes([(0, 0, 1, tube(1, 3))])
        apart = tubes([(0, 0, .9, tube(4, 6))])
        np.testing.assert_array_equal(video_map(apart, gt, 1)['mAP'], 0)
        one_frame = tubes([(0, 0, .9, tube(3, 5))])  # IoU 1/5
        res = video_map(one_frame, gt, 1, [0.2, 0.5])
        np.testing.assert_array_equal(res['mAP'], [1, 0])
        assert summarize_video_map(res) == {'v-mAP@0.2': 1, 'v-mAP@0.5': 0}

    def test_duplicates_and_other_video(self):
        far = [50, 50, 59, 59]
        gt = tubes([(0, 0, 1, tube(1, 5)), (0, 0, 1, tube(1, 5, far))])
        det = tubes([(0, 0, .9, tube(1, 5)), (0, 0, .8, tube(1, 5)),
                     (1, 0, .75, tube(1, 5)),
                     (0, 0, .7, tube(1, 5, far))])
        res = video_map(det, gt, 1, [0.5])
        np.testing.assert_array_equal(res['tp'][0], [1, 0, 0, 1])
        # precision 1, 1/2, 1/3, 1/2 at recall 1/2, 1/2, 1/2, 1
        expected = 0.5 + 0.5 * (1 / 3 + 1 / 2) / 2
        assert res['mAP'][0] == pytest.approx(expected)
        voc = video_map(det, gt, 1, [0.5], mode='voc')['mAP'][0]
        assert voc == pytest.approx(0.5 + 0.5 * 0.5)

    def test_errors(self):
        with pytest.raises(ValueError, match='no ground-truth'):
            video_map(Tubes.empty(), Tubes.empty(), 1)
        gt = tubes([(0, 0, 1, tube(1, 3))])
        with pytest.raises(ValueError, match='labels outside'):
            video_map(tubes([(0, 4, .9, tube(1, 3))]), gt, 2)


def reference_ap(dets, gts, iou_fn, thr):
    """Per-box loop reference of ACT's protocol for one class.

    dets: list of (group, score, item); gts: dict group -> list of items.
    """
    gts = {k: list(v) for k, v in gts.items()}
    num_gt = sum(len(v) for v in gts.values())
    order = sorted(range(len(dets)), key=lambda i: -dets[i][1])
    tp = []
    for i in order:
        g, _, item = dets[i]
        ok = False
        if gts.get(g):
            ious = [iou_fn(x, item) for x in gts[g]]
            j = int(np.argmax(ious))
            if ious[j] >= thr:
                ok = True
                del gts[g][j]
        tp.append(ok)
    return average_precision(np.array(tp, bool), num_gt)


def test_random_against_per_box_reference():
    rng = np.random.default_rng(3)
    gt_items, det_items = [], []
    for v in range(6):
        for _ in range(rng.integers(1, 3)):
            s = rng.integers(1, 10)
            box = np.r_[rng.uniform(0, 30, 2), 0, 0]
            box[2:] = box[:2] + rng.uniform(5, 20, 2)
            last = s + rng.integers(0, 10)
            gt_items.append((v, 0, 1.0, tube(s, last, box)))
    for _ in range(40):
        v, _, _, g = gt_items[rng.integers(len(gt_items))]
        jitter = g.copy()
        jitter[:, 1:] += rng.normal(0, 3, (len(g), 4)).clip(-2, 2)
        jitter[:, 3:] = np.maximum(jitter[:, 3:], jitter[:, 1:3])
        cut = rng.integers(0, len(g))
        det_items.append((int(rng.integers(6)) if rng.random() < .2 else v, 0,
                          float(rng.random()), jitter[cut:]))
    gt, det = tubes(gt_items), tubes(det_items)
    res = video_map(det, gt, 1, [0.2, 0.5])

    def iou3d(a, b):
        return tube_iou(tubes([(0, 0, 1, a)]), tubes([(0, 0, 1, b)]))[0, 0]

    groups = {}
    for v, _, _, t in gt_items:
        groups.setdefault(v, []).append(t)
    for k, thr in enumerate([0.2, 0.5]):
        ref = reference_ap([(d[0], d[2], d[3]) for d in det_items], groups,
                           iou3d, thr)
        assert res['ap'][k, 0] == pytest.approx(ref)
