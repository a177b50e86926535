"""DAVIS J&F, robustness and colorization with hand values."""
import numpy as np
import pytest

from mmcontinuity.evaluation.functional.colorization import (
    ab_psnr, ab_rmse, confusion_matrix, mean_iou, ms_ssim, pairwise_ms_ssim)
from mmcontinuity.evaluation.functional.davis import (contour_accuracy,
                                                      davis_j_and_f,
                                                      mask_boundary,
                                                      region_similarity,
                                                      sequence_statistics)
from mmcontinuity.evaluation.functional.robustness import (
    corruption_errors, flip_probability, mean_corruption_error,
    mean_flip_rate, random_shift_pair, shift_consistency, top1_error)


def left_part(width, size=100):
    mask = np.zeros((size, size), bool)
    mask[:, :width] = True
    return mask


class TestDAVIS:

    def test_region_similarity(self):
        gt = left_part(50)
        assert region_similarity(left_part(40), gt) == pytest.approx(0.8)
        empty = np.zeros_like(gt)
        assert region_similarity(empty, empty) == 1
        assert region_similarity(empty, gt) == 0

    def test_boundary_is_thin(self):
        b = mask_boundary(left_part(50))
        assert b[:, 49].all() and b.sum() == 100

    def test_contour_tolerance(self):
        # 100x100: tolerance ceil(0.008 * 141.4) = 2 pixels
        gt = left_part(50)
        assert contour_accuracy(left_part(52), gt) == 1
        assert contour_accuracy(left_part(53), gt) == 0
        assert contour_accuracy(left_part(53), gt, bound_th=3) == 1

    def test_contour_precision_recall(self):
        band = left_part(50) & ~left_part(20)  # boundaries at cols 19, 49
        # P = 1, R = 100 / 200: F = 2/3
        assert contour_accuracy(left_part(50), band) == pytest.approx(2 / 3)
        empty = np.zeros_like(band)
        assert contour_accuracy(empty, empty) == 1
        assert contour_accuracy(empty, band) == 0
        assert contour_accuracy(band, empty) == 0

    def test_statistics(self):
        stats = sequence_statistics([.2, .6, .8, .4, 1.0])
        # frames .6 .8 .4; bounds round(linspace(1, 3, 5)) - 1 = 0 1 1 2 2:
        # first quarter [.6 .8], last quarter [.4]
        assert stats['mean'] == pytest.approx(0.6)
        assert stats['recall'] == pytest.approx(2 / 3)
        assert stats['decay'] == pytest.approx(0.3)
        with pytest.raises(ValueError, match='at least 3 frames'):
            sequence_statistics([1, 1])

    def test_data_set(self):
        gt = np.stack([left_part(50)] * 3)
        perfect = davis_j_and_f([(gt, gt)])
        assert perfect['J&F_mean'] == 1 and perfect['F_recall'] == 1
        res = davis_j_and_f([(gt, gt), (np.stack([left_part(40)] * 3), gt)],
                            exclude_first_last=False)
        assert res['J_mean'] == pytest.approx(0.9)
        assert res['J_recall'] == 1 and res['F_mean'] == pytest.approx(0.5)

    def test_errors(self):
        with pytest.raises(ValueError, match='must be equal'):
            region_similarity(np.zeros((2, 3)), np.zeros((3, 2)))
        with pytest.raises(ValueError, match='binary'):
            region_similarity(np.full((2, 2), 3), np.zeros((2, 2)))
        with pytest.raises(ValueError, match='no sequences'):
            davis_j_and_f([])


class TestRobustness:

    def test_corruption_error(self):
        errors = [[.2, .4], [.1, .3]]
        np.testing.assert_allclose(corruption_errors(errors), [.3, .2])
        assert mean_corruption_error(errors) == pytest.approx(.25)
        ref = [[.4, .4], [.2, .2]]
        np.testing.assert_allclose(corruption_errors(errors, ref), [.75, 1])
        assert mean_corruption_error(errors, ref) == pytest.approx(.875)
        with pytest.raises(ValueError, match='sum to 0'):
            corruption_errors(errors, [[0, 0], [1, 1]])
        with pytest.raises(ValueError, match='must match'):
            corruption_errors(errors, [[1, 1]])
        with pytest.raises(ValueError, match='non-negative'):
            corruption_errors([[np.nan]])

    def test_flip_rate(self):
        pred = [[0, 1, 0, 1]]
        assert flip_probability(pred) == 1
        assert flip_probability(pred, 'first') == pytest.approx(2 / 3)
        assert flip_probability([[0, 0, 1, 1], [2, 3, 2, 2]]) == \
            pytest.approx(0.5)
        fr, mfr = mean_flip_rate([.1, .2], [.2, .4])
        np.testing.assert_allclose(fr, [.5, .5])
        assert mfr == pytest.approx(.5)
        assert mean_flip_rate([.1, .2])[1] == pytest.approx(.15)
        with pytest.raises(ValueError, match='2 frames'):
            flip_probability([[1]])
        with pytest.raises(ValueError, match='mode'):
            flip_probability(pred, 'last')

    def test_consistency_and_error(self):
        assert shift_consistency([1, 2, 3, 4], [1, 2, 0, 4]) == .75
        scores = np.eye(3)
        assert shift_consistency(scores, scores[[0, 2, 1]]) == \
            pytest.approx(1 / 3)
        assert top1_error(scores, [0, 1, 0]) == pytest.approx(1 / 3)
        with pytest.raises(ValueError, match='non-empty'):
            shift_consistency([], [])

    def test_shift_pair(self):
        image = np.arange(64).reshape(8, 8)
        a, b = random_shift_pair(image, 6, np.random.default_rng(0))
        assert a.shape == b.shape == (6, 6)
        with pytest.raises(ValueError, match='exceeds'):
            random_shift_pair(image, 9, np.random.default_rng(0))


class TestColorization:

    def test_rmse_psnr(self):
        assert ab_rmse([[0, 0]], [[3, 4]]) == pytest.approx(np.sqrt(12.5))
        # RMSE 5.1 on a 255 range: 20 log10(50)
        assert ab_psnr(np.zeros(4), np.full(4, 5.1), 255) == \
            pytest.approx(20 * np.log10(50))
        assert ab_psnr(np.ones(4), np.ones(4), 255) == np.inf
        with pytest.raises(ValueError, match='shapes'):
            ab_rmse(np.zeros(3), np.zeros(4))
        with pytest.raises(ValueError, match='data_range'):
            ab_psnr(np.zeros(3), np.zeros(3), 0)

    def test_ms_ssim(self):
        rng = np.random.default_rng(0)
        img = rng.random((176, 180, 3)) * 255
        assert ms_ssim(img, img) == pytest.approx(1)
        noisy = np.clip(img + rng.normal(0, 40, img.shape), 0, 255)
        assert 0 < ms_ssim(img, noisy) < 1
        values = pairwise_ms_ssim(np.stack([img, img, noisy]))
        np.testing.assert_allclose(values[0], 1)
        assert values.shape == (3,)
        with pytest.raises(ValueError, match='at least 176'):
            ms_ssim(img[:100], img[:100])
        with pytest.raises(ValueError, match='two samples'):
            pairwise_ms_ssim(img[None])

    def test_miou(self):
        conf = confusion_matrix([0, 1, 1, 2, 0], [0, 1, 0, 255, 0], 3)
        np.testing.assert_array_equal(conf, [[2, 1, 0], [0, 1, 0],
                                             [0, 0, 0]])
        iou, miou = mean_iou(conf)
        np.testing.assert_allclose(iou[:2], [2 / 3, 1 / 2])
        assert np.isnan(iou[2]) and miou == pytest.approx(7 / 12)
        with pytest.raises(ValueError, match='outside'):
            confusion_matrix([5], [0], 3)
