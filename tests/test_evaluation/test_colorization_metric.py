"""ColorizationMetric and its functions with hand-computed values: per-class
RMSE (Fig. 2.16), MS-SSIM with fewer scales, colorized images at L's
resolution (diversity and judge), mIoU reported first, the segmentation
validation loss (Fig. 2.10)."""
import numpy as np
import pytest
import torch
from skimage.color import lab2rgb

pytest.importorskip('mmseg')

from mmseg.registry import METRICS  # noqa: E402

from mmcontinuity.evaluation import metrics  # noqa: E402,F401
from mmcontinuity.evaluation.functional.colorization import (  # noqa: E402
    class_ab_errors, class_ab_rmse, ms_ssim, ms_ssim_weights,
    pairwise_ms_ssim, pixel_cross_entropy)
from mmcontinuity.evaluation.metrics.colorization_metric import (  # noqa
    colorized_rgb)


def test_class_ab_errors_and_rmse():
    gt = np.zeros((2, 2, 2))
    pred = np.zeros((2, 2, 2))
    pred[0, 0, :] = 3  # row 0: error (3, 4) in both pixels
    pred[1, 0, :] = 4
    pred[0, 1, 0] = 2  # pixel (1, 0): error (2, 0); (1, 1) exact
    labels = np.array([[0, 0], [2, 255]])
    squared, counts = class_ab_errors(pred, gt, labels, num_classes=3)
    np.testing.assert_allclose(squared, [50, 0, 4])
    np.testing.assert_array_equal(counts, [2, 0, 1])
    rmse = class_ab_rmse(squared, counts)
    # sqrt(50 / 4) and sqrt(4 / 2); class 1 has no pixel
    np.testing.assert_allclose(rmse[[0, 2]], [np.sqrt(12.5), np.sqrt(2)])
    assert np.isnan(rmse[1])
    with pytest.raises(ValueError, match='outside'):
        class_ab_errors(pred, gt, np.full((2, 2), 3), num_classes=3)
    with pytest.raises(ValueError, match='labels'):
        class_ab_errors(pred, gt, np.zeros((3, 3)), num_classes=3)


def test_ms_ssim_scales():
    np.testing.assert_allclose(ms_ssim_weights(5),
                               np.array([448, 2856, 3001, 2363, 1333]) /
                               10001)
    np.testing.assert_allclose(ms_ssim_weights(2), [448 / 3304, 2856 / 3304])
    with pytest.raises(ValueError, match='scales'):
        ms_ssim_weights(6)
    # constant images: every cs is 1, luminance (2ab + C1) / (a^2 + b^2 +
    # C1) with C1 = (0.01 * 255)^2, raised to the coarsest weight
    a, b, c1 = 100.0, 150.0, 2.55 ** 2
    lum = (2 * a * b + c1) / (a * a + b * b + c1)
    x, y = np.full((128, 128), a), np.full((128, 128), b)
    assert ms_ssim(x, y, scales=4) == pytest.approx(
        lum ** (2363 / (448 + 2856 + 3001 + 2363)))
    assert ms_ssim(x, y, scales=1) == pytest.approx(lum)
    with pytest.raises(ValueError, match='at least 176'):
        ms_ssim(x, y)  # 5 scales need 176 pixels
    values = pairwise_ms_ssim(np.stack([x, x, y])[..., None], scales=4)
    np.testing.assert_allclose(values[:2], [1, lum ** (2363 / 8668)])


def test_colorized_rgb_at_lightness_resolution():
    lightness = np.full((8, 8), 50.0)
    ab = np.zeros((2, 2, 2))
    ab[0, :, 0], ab[0, :, 1] = 40, -40  # a: left half 40, right half -40
    rgb = colorized_rgb(lightness, ab)
    assert rgb.shape == (8, 8, 3) and rgb.dtype == np.uint8
    # bilinear, half-pixel centres: column x samples source position
    # (x + 0.5) / 4 - 0.5, clamped: columns 0-1 keep 40, column 7 keeps -40,
    # column 3 (0.375) is 40 - 0.375 * 80 = 10
    for col, a in ((0, 40), (7, -40), (3, 10)):
        expected = np.round(lab2rgb(np.array([[[50.0, a, 0]]])) * 255)
        np.testing.assert_array_equal(rgb[2, col], expected[0, 0])


def test_metric_order_diversity_judge_and_classes(monkeypatch):
    """L at 128x128, ab at 32x32 (the benchmark's sizes): diversity with 4
    scales, the judge sees 128x128 images, per-class RMSE by name."""
    lightness = torch.full((1, 128, 128), 60.0)
    gt_ab = torch.zeros(2, 32, 32)
    pred_ab = torch.zeros(2, 32, 32)
    pred_ab[0, :16], pred_ab[1, :16] = 3, 4  # class 0 rows: error (3, 4)
    gt_seg = torch.ones(1, 32, 32, dtype=torch.long)
    gt_seg[0, :16] = 0
    samples_ab = torch.zeros(3, 2, 32, 32)
    samples_ab[2, 0] = 30  # sample 2 differs from the two gray ones

    metric = METRICS.build(dict(type='ColorizationMetric', num_classes=2,
                                ms_ssim_scales=4,
                                seg_model=dict(config='unused')))
    metric.dataset_meta = dict(classes=('background', 'digit'))
    seen = []

    def judge(rgb):
        seen.append(rgb)
        return torch.ones(128, 128, dtype=torch.long)

    monkeypatch.setattr(metric, 'predict_labels', judge)
    metric.process(dict(inputs=[lightness]), [dict(
        gt_ab=dict(data=gt_ab), pred_ab=dict(data=pred_ab),
        pred_ab_samples=samples_ab, gt_sem_seg=dict(data=gt_seg))])
    res = metric.compute_metrics(metric.results)

    assert list(res)[:3] == ['mIoU', 'ab_psnr', 'ab_rmse']
    assert seen[0].shape == (128, 128, 3)
    assert res['mIoU'] == pytest.approx(25)  # IoU 0 and 1/2
    # half the pixels have squared error 25 over two channels
    assert res['ab_rmse'] == pytest.approx(np.sqrt(25 / 4))
    assert res['ab_rmse_background'] == pytest.approx(np.sqrt(12.5))
    assert res['ab_rmse_digit'] == 0
    # pairs (0, 1) identical; (0, 2) and (1, 2) constant colours whose
    # luminance terms average over the RGB channels
    gray, tinted = (np.round(lab2rgb(np.array([[[60.0, a, 0]]]))[0, 0] *
                    255) for a in (0, 30))
    c1 = 2.55 ** 2
    lum = np.mean((2 * gray * tinted + c1) / (gray ** 2 + tinted ** 2 + c1))
    expected = (1 + 2 * lum ** (2363 / 8668)) / 3
    assert res['diversity_ms_ssim'] == pytest.approx(100 * expected)


def test_pixel_cross_entropy_and_seg_loss():
    logits = np.zeros((2, 1, 3))
    logits[1, 0, 0] = np.log(3)  # softmax (1/4, 3/4) at pixel 0
    total, count = pixel_cross_entropy(logits, np.array([[1, 0, 255]]))
    # -log(3/4) at pixel 0, -log(1/2) at pixel 1, pixel 2 ignored
    assert count == 2
    assert total == pytest.approx(np.log(4 / 3) + np.log(2))
    with pytest.raises(ValueError, match='outside'):
        pixel_cross_entropy(logits, np.array([[2, 0, 0]]))

    # the metric resizes the 4x4 map to 2x2 logits and averages over pixels
    metric = METRICS.build(dict(type='ColorizationMetric', num_classes=2))
    seg_logits = torch.zeros(2, 2, 2)
    seg_logits[0] = 100  # class 0 everywhere, cross-entropy ~0 where right
    gt_seg = torch.zeros(1, 4, 4, dtype=torch.long)
    gt_seg[0, 2:] = 1  # bottom row of the 2x2 map is class 1: loss 100
    metric.process(dict(inputs=[torch.full((1, 8, 8), 50.0)]), [dict(
        gt_ab=dict(data=torch.zeros(2, 4, 4)),
        pred_ab=dict(data=torch.zeros(2, 4, 4)),
        gt_sem_seg=dict(data=gt_seg), seg_logits=dict(data=seg_logits))])
    res = metric.compute_metrics(metric.results)
    assert res['seg_loss'] == pytest.approx(50)
