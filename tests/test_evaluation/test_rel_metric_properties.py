"""Property-based tests: every metric and linker of
``mmcontinuity.evaluation`` stays finite and in its documented range on
empty, degenerate and adversarial input, is invariant where it should be,
and rejects NaN with a clear error (issue 17, point 4).

Covered (functional): average_precision, precision_recall, per_class_ap,
mean_ap, box_iou / box_iou_aligned / check_boxes, frame_map, video_map /
summarize_video_map, tube_iou / tube_iou_pairs / tube_overlap_iou_pairs,
ab_rmse, ab_psnr, class_ab_errors / class_ab_rmse, ms_ssim,
pairwise_ms_ssim, pixel_cross_entropy, confusion_matrix / mean_iou,
region_similarity, contour_accuracy, sequence_statistics, davis_j_and_f,
top1_error, corruption_errors / mean_corruption_error, flip_probability,
mean_flip_rate, shift_consistency, match_clip, tubelet_statistics,
oracle_records; linkers: greedy_assign, viterbi_trim, dense_class_streams,
tubelet_iou_aligned, tubelet_nms, tube_nms, link_frame_detections,
link_tubelets, stitch_tubelets. MMEngine metrics: TubeletVideoMAP,
DAVISMetric, ColorizationMetric (without its segmentation judge, a
network), FlipRate, CorruptionError, ShiftConsistency.
"""
import itertools
import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from mmcontinuity.evaluation import functional as F
from mmcontinuity.evaluation.functional.linking import greedy_assign

# reproducible and fast in CI: the same examples on every run
PROPS = settings(max_examples=25, deadline=None, derandomize=True,
                 database=None)
FEW = settings(max_examples=10, deadline=None, derandomize=True,
               database=None)


def _in_unit(x):
    x = np.asarray(x, np.float64)
    return np.isfinite(x).all() and (x >= 0).all() and (x <= 1 + 1e-9).all()


# --- strategies ---

@st.composite
def boxes(draw, n, size=40.0, zero_area=True):
    """(n, 4) xyxy boxes in a size x size image, zero-area ones included."""
    lo = 0.0 if zero_area else 1.0
    xy = draw(hnp.arrays(np.float64, (n, 2),
                         elements=st.floats(0, size, width=32)))
    wh = draw(hnp.arrays(np.float64, (n, 2),
                         elements=st.floats(lo, size / 2, width=32)))
    return np.concatenate([xy, xy + wh], 1)


# identical scores are frequent: drawn from a few values
SCORES = st.sampled_from([0.0, 0.1, 0.5, 0.5, 0.9, 1.0])


@st.composite
def frame_columns(draw, n, num_classes=3, videos=2, frames=3):
    return dict(video=draw(hnp.arrays(np.int64, n, elements=st.integers(
                    0, videos - 1))),
                frame=draw(hnp.arrays(np.int64, n, elements=st.integers(
                    1, frames))),
                label=draw(hnp.arrays(np.int64, n, elements=st.integers(
                    0, num_classes - 1))),
                bboxes=draw(boxes(n)))


@st.composite
def tubes(draw, n, num_classes=2, videos=2, with_scores=True):
    """n tubes, one-frame tubes and holes included."""
    parts = []
    for _ in range(n):
        start = draw(st.integers(1, 6))
        frames = start + np.cumsum(draw(hnp.arrays(
            np.int64, draw(st.integers(1, 5)), elements=st.integers(1, 2))))
        parts.append(np.column_stack([frames, draw(boxes(len(frames)))]))
    video = draw(hnp.arrays(np.int64, n, elements=st.integers(0, videos - 1)))
    label = draw(hnp.arrays(np.int64, n,
                            elements=st.integers(0, num_classes - 1)))
    score = (draw(hnp.arrays(np.float64, n, elements=SCORES))
             if with_scores else None)
    return F.Tubes.from_list(parts, video, label, score)


# --- AP ---

@PROPS
@given(tp=hnp.arrays(bool, st.integers(0, 12)), extra=st.integers(0, 3),
       mode=st.sampled_from(['act', 'voc']))
def test_average_precision_in_unit_interval(tp, extra, mode):
    num_gt = int(tp.sum()) + extra
    if num_gt == 0:
        with pytest.raises(ValueError, match='num_gt must be positive'):
            F.average_precision(tp, num_gt, mode)
        return
    ap = F.average_precision(tp, num_gt, mode)
    assert _in_unit(ap)
    precision, recall = F.precision_recall(tp, num_gt)
    assert _in_unit(precision) and _in_unit(recall)
    # independent reference of the all-point (VOC) AP: sum over the true
    # positives of the best precision at that recall or beyond
    if mode == 'voc':
        ref = sum(precision[i:].max() for i in np.flatnonzero(tp)) / num_gt
        assert ap == pytest.approx(ref)
    # all true positives ranked first and none missed: AP = 1
    if extra == 0 and tp.any():
        assert F.average_precision(np.sort(tp)[::-1], num_gt, mode) == 1


@PROPS
@given(data=st.data(), n=st.integers(0, 10))
def test_per_class_ap_is_invariant_to_detection_order(data, n):
    labels = data.draw(hnp.arrays(np.int64, n, elements=st.integers(0, 2)))
    scores = data.draw(hnp.arrays(np.float64, n, elements=SCORES))
    tp = data.draw(hnp.arrays(bool, n))
    num_gt = np.bincount(labels[tp], minlength=3) + data.draw(
        hnp.arrays(np.int64, 3, elements=st.integers(0, 2)))
    ap = F.per_class_ap(labels, scores, tp, num_gt)
    assert np.array_equal(np.isnan(ap), num_gt == 0)
    assert _in_unit(ap[num_gt > 0])
    # a permutation that keeps the order of equal scores (ties stay ordered)
    perm = data.draw(st.permutations(range(n)))
    perm = np.array(sorted(perm, key=lambda i: (-scores[i], i)), np.int64)
    perm = np.asarray(perm, np.int64).reshape(-1)
    assert np.allclose(F.per_class_ap(labels[perm], scores[perm], tp[perm],
                                      num_gt), ap, equal_nan=True)
    if (num_gt > 0).any():
        assert _in_unit(F.mean_ap(ap, num_gt))
    else:
        with pytest.raises(ValueError, match='no class has ground truth'):
            F.mean_ap(ap, num_gt)


# --- boxes and tubes ---

@PROPS
@given(data=st.data(), n=st.integers(0, 5), m=st.integers(0, 5),
       offset=st.sampled_from([0.0, 1.0]))
def test_box_iou_in_unit_interval_and_symmetric(data, n, m, offset):
    a, b = data.draw(boxes(n)), data.draw(boxes(m))
    iou = F.box_iou(a, b, offset)
    assert iou.shape == (n, m) and _in_unit(iou)
    assert np.allclose(iou, F.box_iou(b, a, offset).T)
    if n and offset == 1:
        assert np.allclose(np.diag(F.box_iou(a, a, offset)), 1)


@pytest.mark.parametrize('bad, message', [
    ([0, 0, np.nan, 1], 'non-finite'), ([5, 0, 1, 1], 'x2 < x1')])
def test_bad_boxes_are_rejected(bad, message):
    with pytest.raises(ValueError, match=message):
        F.box_iou([bad], [[0, 0, 1, 1]])


@PROPS
@given(data=st.data(), n=st.integers(1, 4), offset=st.sampled_from([0., 1.]))
def test_tube_ious_in_unit_interval(data, n, offset):
    a, b = data.draw(tubes(n)), data.draw(tubes(n))
    iou = F.tube_iou(a, b, offset)
    assert iou.shape == (n, n) and _in_unit(iou)
    assert np.allclose(iou, F.tube_iou(b, a, offset).T)
    idx = np.arange(n)
    assert _in_unit(F.tube_overlap_iou_pairs(a, idx, b, idx, offset))
    assert np.allclose(F.tube_iou_pairs(a, idx, b, idx, offset),
                       np.diag(iou))
    # a tube without holes covers itself (a hole frame counts as IoU 0)
    solid = np.array([np.all(np.diff(a.tube(i)[:, 0]) == 1)
                      for i in range(n)])
    if offset == 1:
        assert np.allclose(np.diag(F.tube_iou(a, a, offset))[solid], 1)


def test_nan_tube_score_or_box_is_rejected():
    with pytest.raises(ValueError, match='scores must be finite'):
        F.Tubes.from_list([[[1, 0, 0, 1, 1]]], [0], [0], [np.nan])
    with pytest.raises(ValueError, match='non-finite'):
        F.Tubes.from_list([[[1, 0, 0, np.nan, 1]]], [0], [0])


# --- frame-mAP and video-mAP ---

@PROPS
@given(data=st.data(), n=st.integers(0, 8), g=st.integers(1, 6),
       offset=st.sampled_from([0., 1.]), mode=st.sampled_from(['act', 'voc']))
def test_frame_map_finite_and_order_invariant(data, n, g, offset, mode):
    det = data.draw(frame_columns(n))
    det['score'] = data.draw(hnp.arrays(np.float64, n, elements=st.floats(
        0, 1)).filter(lambda s: np.unique(s).size == s.size))
    gt = data.draw(frame_columns(g))
    res = F.frame_map(det, gt, 3, 0.5, mode, offset)
    assert _in_unit(res['mAP'])
    assert np.array_equal(np.isnan(res['ap']), res['num_gt'] == 0)
    if n == 0:
        assert res['mAP'] == 0
    perm = np.asarray(data.draw(st.permutations(range(n))),
                      np.int64).reshape(-1)
    shuffled = F.frame_map({k: v[perm] for k, v in det.items()}, gt, 3, 0.5,
                           mode, offset)
    assert shuffled['mAP'] == pytest.approx(res['mAP'])


def test_frame_map_rejects_nan_scores_and_empty_ground_truth():
    det = dict(video=[0], frame=[1], label=[0], score=[np.nan],
               bboxes=[[0, 0, 4, 4]])
    gt = dict(video=[0], frame=[1], label=[0], bboxes=[[0, 0, 4, 4]])
    with pytest.raises(ValueError, match='detections.*score.*not finite'):
        F.frame_map(det, gt, 1)
    empty = {k: np.zeros((0, 4) if k == 'bboxes' else 0) for k in gt}
    with pytest.raises(ValueError, match='ground_truth has no boxes'):
        F.frame_map(dict(det, score=[0.5]), empty, 1)


@PROPS
@given(data=st.data(), n=st.integers(0, 5), g=st.integers(1, 4),
       mode=st.sampled_from(['act', 'voc']))
def test_video_map_finite_and_order_invariant(data, n, g, mode):
    gt = data.draw(tubes(g, with_scores=False))
    det = data.draw(tubes(n)) if n else F.Tubes.empty()
    res = F.video_map(det, gt, 2, F.REPORTED_THRS + F.COCO_THRS, mode)
    assert _in_unit(res['mAP'])
    named = F.summarize_video_map(res)
    assert _in_unit(list(named.values())) and 'v-mAP@0.5:0.95' in named
    # mAP cannot grow with the IoU threshold
    assert np.all(np.diff(res['mAP'][3:]) <= 1e-12)
    if n:
        distinct = np.unique(det.score).size == n
        perm = np.asarray(data.draw(st.permutations(range(n))), np.int64)
        if distinct:
            res2 = F.video_map(det.select(perm), gt, 2,
                               F.REPORTED_THRS + F.COCO_THRS, mode)
            assert np.allclose(res2['mAP'], res['mAP'])


def test_video_map_without_ground_truth_is_an_error():
    with pytest.raises(ValueError, match='no ground-truth tubes'):
        F.video_map(F.Tubes.empty(), F.Tubes.empty(), 2)


# --- colorization metrics ---

@PROPS
@given(pred=hnp.arrays(np.float64, (2, 4, 5),
                       elements=st.floats(-110, 110, width=32)),
       gt=hnp.arrays(np.float64, (2, 4, 5),
                     elements=st.floats(-110, 110, width=32)),
       labels=hnp.arrays(np.int64, (4, 5), elements=st.sampled_from(
           [0, 1, 2, 255])))
def test_colour_errors_finite(pred, gt, labels):
    rmse = F.ab_rmse(pred, gt)
    assert np.isfinite(rmse) and rmse >= 0
    psnr = F.ab_psnr(pred, gt, 255.0)
    assert (psnr == np.inf) == (rmse == 0)
    assert not np.isnan(psnr)
    sums, counts = F.class_ab_errors(pred, gt, labels, 3)
    assert counts.sum() == (labels != 255).sum()
    per_class = F.class_ab_rmse(sums, counts)
    assert np.array_equal(np.isnan(per_class), counts == 0)
    assert (per_class[counts > 0] >= 0).all()


@FEW
@given(a=hnp.arrays(np.uint8, (22, 22, 3)),
       b=hnp.arrays(np.uint8, (22, 22, 3)), same=st.booleans())
def test_ms_ssim_in_unit_interval(a, b, same):
    b = a if same else b
    value = F.ms_ssim(a, b, scales=2)
    assert _in_unit(value)
    if same:
        assert value == pytest.approx(1)
    pairs = F.pairwise_ms_ssim(np.stack([a, b, a]), scales=2)
    assert pairs.shape == (3,) and _in_unit(pairs)


def test_constant_images_have_ms_ssim_one():
    flat = np.zeros((22, 22), np.uint8)
    assert F.ms_ssim(flat, flat, scales=2) == pytest.approx(1)


@PROPS
@given(logits=hnp.arrays(np.float64, (3, 2, 3),
                         elements=st.floats(-1e4, 1e4, width=32)),
       labels=hnp.arrays(np.int64, (2, 3), elements=st.sampled_from(
           [0, 1, 2, 255])),
       pred=hnp.arrays(np.int64, (2, 3), elements=st.integers(0, 2)))
def test_cross_entropy_and_miou(logits, labels, pred):
    total, count = F.pixel_cross_entropy(logits, labels)
    assert np.isfinite(total) and total >= -1e-9
    assert count == (labels != 255).sum()
    conf = F.confusion_matrix(pred, labels, 3)
    assert conf.sum() == count
    if count == 0:
        with pytest.raises(ValueError, match='empty confusion matrix'):
            F.mean_iou(conf)
        return
    iou, miou = F.mean_iou(conf)
    present = (conf.sum(0) + conf.sum(1)) > 0
    assert np.array_equal(np.isnan(iou), ~present)
    assert _in_unit(iou[present]) and _in_unit(miou)


def test_all_ignored_and_nan_inputs_are_errors():
    ignored = np.full((2, 3), 255)
    with pytest.raises(ValueError, match='empty confusion matrix'):
        F.mean_iou(F.confusion_matrix(np.zeros((2, 3), int), ignored, 3))
    with pytest.raises(ValueError, match='logits must be finite'):
        F.pixel_cross_entropy(np.full((3, 2, 3), np.nan), np.zeros((2, 3)))
    with pytest.raises(ValueError, match='finite'):
        F.ab_rmse(np.full((2, 2, 2), np.nan), np.zeros((2, 2, 2)))


# --- DAVIS J and F ---

@PROPS
@given(pred=hnp.arrays(bool, (3, 6, 7)), gt=hnp.arrays(bool, (3, 6, 7)),
       bound=st.sampled_from([0.008, 2.0]))
def test_davis_measures_in_unit_interval(pred, gt, bound):
    j = F.region_similarity(pred, gt)
    f = F.contour_accuracy(pred, gt, bound)
    assert j.shape == f.shape == (3,) and _in_unit(j) and _in_unit(f)
    assert np.allclose(F.region_similarity(gt, gt), 1)
    assert np.allclose(F.contour_accuracy(gt, gt, bound), 1)
    stats = F.davis_j_and_f([(pred, gt), (gt, gt)], bound)
    for key in ('J_mean', 'J_recall', 'F_mean', 'F_recall', 'J&F_mean'):
        assert _in_unit(stats[key])
    for key in ('J_decay', 'F_decay'):
        assert np.isfinite(stats[key]) and -1 <= stats[key] <= 1


def test_davis_sequence_statistics_need_three_frames():
    with pytest.raises(ValueError):
        F.sequence_statistics(np.ones(2))
    stats = F.sequence_statistics(np.ones(1), exclude_first_last=False)
    assert all(np.isfinite(v) for v in stats.values())


# --- robustness ---

@PROPS
@given(data=st.data(), n=st.integers(1, 8), k=st.integers(2, 4))
def test_robustness_measures_in_range(data, n, k):
    scores = data.draw(hnp.arrays(np.float64, (n, k), elements=SCORES))
    labels = data.draw(hnp.arrays(np.int64, n,
                                  elements=st.integers(0, k - 1)))
    assert _in_unit(F.top1_error(scores, labels))
    errors = data.draw(hnp.arrays(np.float64, (2, 5), elements=st.floats(
        0.01, 1)))
    reference = data.draw(hnp.arrays(np.float64, (2, 5), elements=st.floats(
        0.01, 1)))
    for ref in (None, reference):
        ce = F.corruption_errors(errors, ref)
        assert np.isfinite(ce).all() and (ce >= 0).all()
        assert np.isfinite(F.mean_corruption_error(errors, ref))
    assert np.allclose(F.corruption_errors(errors, errors), 1)
    preds = data.draw(hnp.arrays(np.int64, (n, 3),
                                 elements=st.integers(0, k - 1)))
    for mode in ('consecutive', 'first'):
        assert _in_unit(F.flip_probability(preds, mode))
    probs = data.draw(hnp.arrays(np.float64, 3, elements=st.floats(0, 1)))
    rates, mean = F.mean_flip_rate(probs)
    assert _in_unit(rates) and _in_unit(mean)
    other = data.draw(hnp.arrays(np.int64, n,
                                 elements=st.integers(0, k - 1)))
    assert _in_unit(F.shift_consistency(labels, other))
    assert F.shift_consistency(labels, labels) == 1


def test_robustness_rejects_nan_and_empty_input():
    with pytest.raises(ValueError):
        F.top1_error(np.array([[np.nan, 0.5]]), np.array([0]))
    with pytest.raises(ValueError):
        F.top1_error(np.zeros((0, 2)), np.zeros(0, np.int64))
    with pytest.raises(ValueError):
        F.corruption_errors(np.array([[np.nan] * 5]))
    with pytest.raises(ValueError):
        F.mean_flip_rate(np.array([0.1]), np.array([0.0]))


# --- tubelet errors (TubeR analysis) ---

@st.composite
def tubelet_clip(draw, n, k, t=3, c=2):
    record = dict(bboxes=draw(boxes(n * t)).reshape(n, t, 4),
                  scores=draw(hnp.arrays(np.float64, (n, c), elements=SCORES)),
                  switch_scores=draw(hnp.arrays(np.float64, (n, t),
                                                elements=SCORES)))
    valid = draw(hnp.arrays(bool, (k, t)))
    gt = dict(boxes=draw(boxes(k * t)).reshape(k, t, 4), valid=valid,
              action_on=valid & draw(hnp.arrays(bool, (k, t))),
              labels=draw(hnp.arrays(np.int64, k,
                                     elements=st.integers(0, c - 1))))
    return record, gt


@PROPS
@given(data=st.data(), n=st.integers(0, 3), k=st.integers(0, 3))
def test_tubelet_statistics_in_unit_interval(data, n, k):
    clips = [data.draw(tubelet_clip(n, k)) for _ in range(2)]
    records, gts = [c[0] for c in clips], [c[1] for c in clips]
    pred, gt_idx, iou = F.match_clip(records[0], gts[0])
    assert len(pred) == len(gt_idx) == min(n, k) and _in_unit(iou)
    assert len(set(pred.tolist())) == len(pred)
    stats = F.tubelet_statistics(records, gts)
    assert stats['matched'] <= 2 * min(n, k)
    for key, value in stats.items():
        if key != 'matched':
            assert np.isnan(value) or _in_unit(value), key
    oracle = F.oracle_records(records, gts, F.ORACLE_PARTS)
    assert len(oracle) == 2
    if n == k == 1:  # one pair: the oracle fixes its switch and its class
        for rec, fixed_rec, gt in zip(records, oracle, gts):
            fixed = F.tubelet_statistics([fixed_rec], [gt])
            keys = ['switch_on', 'switch_off']
            if rec['scores'].max() > 0:  # all-zero scores have no top class
                keys.append('class_acc')
            for key in keys:
                assert np.isnan(fixed[key]) or fixed[key] == 1, key


# --- linkers ---

@PROPS
@given(data=st.data(), b=st.integers(1, 2), slots=st.integers(1, 3),
       d=st.integers(0, 3))
def test_greedy_assign_is_a_matching(data, b, slots, d):
    tube_score = data.draw(hnp.arrays(np.float64, (b, slots),
                                      elements=SCORES))
    eligible = data.draw(hnp.arrays(bool, (d, b, slots)))
    det_score = data.draw(hnp.arrays(np.float64, (b, d), elements=SCORES))
    taken = greedy_assign(tube_score, eligible, det_score)
    assert taken.shape == (b, slots)
    for s in range(b):
        used = taken[s][taken[s] >= 0]
        assert len(set(used.tolist())) == used.size  # one slot per det
        for slot, det in enumerate(taken[s]):
            if det >= 0:
                assert eligible[det, s, slot]


@PROPS
@given(data=st.data(), lengths=st.lists(st.integers(1, 6), max_size=4),
       alpha=st.floats(0, 5))
def test_viterbi_trim_reference(data, lengths, alpha):
    """Exhaustive reference on tiny tubes: the labelling maximises the
    objective."""
    ptr = np.r_[0, np.cumsum(lengths)].astype(np.int64)
    scores = data.draw(hnp.arrays(np.float64, int(ptr[-1]), elements=SCORES))
    keep = F.viterbi_trim(scores, ptr, alpha)
    assert keep.shape == scores.shape

    def objective(s, labels):
        return (np.where(labels, s, 1 - s).sum()
                - alpha * np.count_nonzero(np.diff(labels)))
    for i in range(len(lengths)):
        s = scores[ptr[i]:ptr[i + 1]]
        best = max(objective(s, np.array(lab)) for lab in
                   itertools.product([0, 1], repeat=len(s)))
        assert objective(s, keep[ptr[i]:ptr[i + 1]].astype(int)) == \
            pytest.approx(best)


@PROPS
@given(data=st.data(), n=st.integers(0, 8), top_k=st.integers(1, 3))
def test_dense_class_streams_keep_the_best(data, n, top_k):
    steps = data.draw(hnp.arrays(np.int64, n, elements=st.integers(0, 2)))
    labels = data.draw(hnp.arrays(np.int64, n, elements=st.integers(0, 1)))
    scores = data.draw(hnp.arrays(np.float64, n, elements=SCORES))
    items = data.draw(boxes(n))
    out_items, out_scores, valid = F.dense_class_streams(
        steps, labels, scores, items, 3, 2, top_k)
    assert valid.shape == (2, 3, top_k)
    for c, s in itertools.product(range(2), range(3)):
        mine = np.sort(scores[(labels == c) & (steps == s)])[::-1][:top_k]
        assert np.allclose(np.sort(out_scores[c, s][valid[c, s]])[::-1],
                           mine)


@PROPS
@given(data=st.data(), d=st.integers(0, 5), top_k=st.integers(1, 3),
       thr=st.sampled_from([0.0, 0.3, 1.0]))
def test_tubelet_nms_keeps_at_most_top_k_valid(data, d, top_k, thr):
    tubelets = data.draw(boxes(d * 2)).reshape(1, d, 2, 4)
    scores = data.draw(hnp.arrays(np.float64, (1, d), elements=SCORES))
    valid = data.draw(hnp.arrays(bool, (1, d)))
    keep = F.tubelet_nms(tubelets, scores, valid, thr, top_k)
    assert keep.shape == (1, d) and not (keep & ~valid).any()
    assert keep.sum() <= top_k
    iou = F.tubelet_iou_aligned(tubelets[0][:, None], tubelets[0][None])
    assert _in_unit(iou)
    kept = np.flatnonzero(keep[0])
    for i, j in itertools.combinations(kept, 2):
        assert iou[i, j] <= thr + 1e-9


@PROPS
@given(data=st.data(), n=st.integers(0, 5), thr=st.sampled_from([0., .5, 1.]))
def test_tube_nms_is_idempotent(data, n, thr):
    t = data.draw(tubes(n)) if n else F.Tubes.empty()
    keep = F.tube_nms(t, thr)
    assert keep.shape == (n,)
    if n:
        assert keep.any()  # the best tube of a (video, class) stays
        kept = t.select(keep)
        assert F.tube_nms(kept, thr).all()


def _check_tubes(t, num_frames=None):
    assert isinstance(t, F.Tubes)
    assert np.isfinite(t.score).all() and np.isfinite(t.boxes).all()
    if num_frames is not None and len(t):
        assert t.frames.min() >= 1 and t.frames.max() <= num_frames


@PROPS
@given(data=st.data(), t=st.integers(1, 6), d=st.integers(1, 3))
def test_link_frame_detections_gives_valid_tubes(data, t, d):
    boxes_ = data.draw(boxes(2 * t * d)).reshape(2, t, d, 4)
    scores = data.draw(hnp.arrays(np.float64, (2, t, d), elements=SCORES))
    valid = data.draw(hnp.arrays(bool, (2, t, d)))
    out = F.link_frame_detections(boxes_, scores, np.array([0, 1]), valid)
    _check_tubes(out, t)
    assert set(out.video.tolist()) <= {0, 1}
    assert _in_unit(out.score)
    if not valid.any():
        assert len(out) == 0
    with pytest.raises(ValueError, match='finite|NaN|nan'):
        F.link_frame_detections(boxes_, np.full_like(scores, np.nan),
                                np.array([0, 1]))


@PROPS
@given(data=st.data(), steps=st.integers(1, 5), d=st.integers(1, 3))
def test_link_tubelets_gives_valid_tubes(data, steps, d):
    k = 2
    tubelets = data.draw(boxes(steps * d * k)).reshape(1, steps, d, k, 4)
    scores = data.draw(hnp.arrays(np.float64, (1, steps, d),
                                  elements=SCORES))
    valid = data.draw(hnp.arrays(bool, (1, steps, d)))
    out = F.link_tubelets(tubelets, scores, np.array([1]), valid,
                          min_length=1)
    _check_tubes(out, steps + k - 1)
    assert _in_unit(out.score) and (out.label == 1).all()
    with pytest.raises(ValueError, match='finite|NaN|nan'):
        F.link_tubelets(tubelets, np.full_like(scores, np.nan),
                        np.array([1]), min_length=1)


@PROPS
@given(data=st.data(), s=st.integers(1, 3), n=st.integers(1, 2),
       alpha=st.sampled_from([0.0, 1.0]))
def test_stitch_tubelets_gives_valid_tubes(data, s, n, alpha):
    t = 2
    frame_inds = (1 + t * np.arange(s)[:, None] + np.arange(t))[None]
    tubelets = data.draw(boxes(s * n * t)).reshape(1, s, n, t, 4)
    switch = data.draw(hnp.arrays(np.float64, (1, s, n, t), elements=SCORES))
    scores = data.draw(hnp.arrays(np.float64, (1, s, n, 2), elements=SCORES))
    out = F.stitch_tubelets(frame_inds, tubelets, switch, scores,
                            switch_alpha=alpha)
    _check_tubes(out, s * t)
    assert _in_unit(out.score)
    with pytest.raises(ValueError, match='finite|NaN|nan'):
        F.stitch_tubelets(frame_inds, tubelets, switch,
                          np.full_like(scores, np.nan))


# --- MMEngine metrics ---

def _act_gt(path):
    box = [10., 10., 49., 49.]
    tube = np.column_stack([np.arange(1, 5), np.tile(box, (4, 1))])
    gt = dict(labels=['a', 'b'], gttubes={'v1': {0: [tube]}, 'v2': {}},
              nframes={'v1': 4, 'v2': 4}, train_videos=[[]],
              test_videos=[['v1', 'v2']],
              resolution={'v1': (60, 60), 'v2': (60, 60)})
    with open(path, 'wb') as f:
        pickle.dump(gt, f)
    return str(path)


@pytest.mark.parametrize('linking', ['tuber', 'act', 'frame'])
def test_tubelet_video_map_without_predictions(tmp_path, linking):
    """No prediction at all: every ground truth is missed, mAP 0."""
    from mmaction.registry import METRICS
    metric = METRICS.build(dict(type='TubeletVideoMAP', linking=linking,
                                ann_file=_act_gt(tmp_path / 'g.pkl')))
    res = metric.compute_metrics([])
    assert res and all(v == 0 for v in res.values())


@FEW
@given(data=st.data(), linking=st.sampled_from(['tuber', 'act', 'frame']))
def test_tubelet_video_map_in_percent_range(tmp_path_factory, data, linking):
    from mmaction.registry import METRICS
    ann = _act_gt(tmp_path_factory.mktemp('g') / 'g.pkl')
    metric = METRICS.build(dict(type='TubeletVideoMAP', linking=linking,
                                ann_file=ann,
                                link_cfg=dict(min_length=1)
                                if linking == 'act' else None))
    t = dict(tuber=2, act=2, frame=1)[linking]
    starts = dict(tuber=[1, 3], act=[1, 2, 3], frame=[1, 2, 3, 4])[linking]
    n = data.draw(st.integers(1, 2))
    for video in ('v1', 'v2'):
        for f in starts:
            pred = dict(bboxes=data.draw(boxes(n * t)).reshape(n, t, 4),
                        scores=data.draw(hnp.arrays(np.float32, (n, 2),
                                                    elements=SCORES)))
            if linking == 'frame':
                pred['bboxes'] = pred['bboxes'][:, 0]
            if linking == 'tuber':
                pred['switch_scores'] = data.draw(hnp.arrays(
                    np.float32, (n, t), elements=SCORES))
            metric.process({}, [dict(video_id=video, pred_instances=pred,
                                     frame_inds=np.arange(f, f + t))])
    res = metric.compute_metrics(metric.results)
    values = np.array(list(res.values()))
    assert np.isfinite(values).all() and (values >= 0).all() \
        and (values <= 100 + 1e-6).all()


@FEW
@given(pred=hnp.arrays(np.float32, (3, 5, 6), elements=st.floats(0, 1)),
       gt=hnp.arrays(bool, (3, 5, 6)))
def test_davis_metric_in_unit_interval(pred, gt):
    from mmaction.registry import METRICS
    metric = METRICS.build(dict(type='DAVISMetric'))
    metric.process({}, [dict(video_id='s', frame_inds=np.arange(3),
                             pred_masks=pred, gt_masks=gt)])
    res = metric.compute_metrics(metric.results)
    assert res and all(np.isfinite(v) for v in res.values())


@FEW
@given(pred=hnp.arrays(np.float32, (2, 22, 22),
                       elements=st.floats(-100, 100, width=32)),
       same=st.booleans(), light=st.floats(0, 100))
def test_colorization_metric_finite(pred, same, light):
    import torch
    from mmseg.registry import METRICS
    metric = METRICS.build(dict(type='ColorizationMetric', num_classes=2,
                                ms_ssim_scales=2))
    gt = pred if same else np.zeros_like(pred)
    labels = np.zeros((1, 22, 22), np.int64)
    labels[0, :11] = 1
    sample = dict(pred_ab=dict(data=torch.from_numpy(pred)),
                  gt_ab=dict(data=torch.from_numpy(gt)),
                  pred_ab_samples=torch.from_numpy(np.stack([pred, gt])),
                  gt_sem_seg=dict(data=torch.from_numpy(labels)))
    metric.process(dict(inputs=[torch.full((1, 22, 22), light)]), [sample])
    res = metric.compute_metrics(metric.results)
    assert not any(np.isnan(v) for v in res.values())
    assert (res['ab_psnr'] == np.inf) == (res['ab_rmse'] == 0)
    assert 0 <= res['diversity_ms_ssim'] <= 100
    with pytest.raises(ValueError, match='no colorizations'):
        metric.compute_metrics([])


def test_davis_metric_without_sequences_is_an_error():
    from mmaction.registry import METRICS
    with pytest.raises(ValueError):
        METRICS.build(dict(type='DAVISMetric')).compute_metrics([])


def test_davis_metric_rejects_nan_masks():
    from mmaction.registry import METRICS
    with pytest.raises(ValueError, match='pred_masks of video s are not'):
        METRICS.build(dict(type='DAVISMetric')).process({}, [dict(
            video_id='s', frame_inds=np.arange(1),
            pred_masks=np.full((1, 2, 2), np.nan),
            gt_masks=np.zeros((1, 2, 2), bool))])


def test_robustness_metrics_reject_empty_results_and_nan_scores():
    from mmpretrain.registry import METRICS
    sample = dict(pred_score=np.array([np.nan, 0.5]), gt_label=np.array([0]),
                  img_path='x.png', corruption='noise', severity=1,
                  perturbation='noise', sequence_id='0', frame_index=0)
    for cfg in (dict(type='FlipRate'), dict(type='CorruptionError'),
                dict(type='ShiftConsistency')):
        with pytest.raises(ValueError):
            METRICS.build(cfg).compute_metrics([])
        with pytest.raises(ValueError, match='pred_score of sample x.png'):
            METRICS.build(cfg).process({}, [sample])
