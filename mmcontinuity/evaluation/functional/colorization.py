"""Colorization metrics of Chapter 2 (Table 2.3, Figure 2.11).

* Colour fidelity on the a/b channels of CIE Lab (Table 2.3): per image
  ``RMSE = sqrt(mean((ab - ab_gt)^2))`` over all pixels and both channels and
  ``PSNR = 20 log10(data_range / RMSE)`` (``+inf`` for a perfect image);
  data-set values are means over images.
* Per-class colour fidelity (Fig. 2.16): the RMSE over the pixels of one
  ground-truth class, pooled over all images,
  ``RMSE_c = sqrt(sum_{images, pixels of c} |ab - ab_gt|^2 / (2 n_c))``.
* Diversity (Fig. 2.11, following Guadarrama et al. 2017): multiscale SSIM
  (Wang, Simoncelli & Bovik 2003) between two colorizations of the same
  grey input; the data-set value is the mean over inputs (and the histogram
  of the per-pair values).
* Segmentation validation loss (Fig. 2.10): mean pixel cross-entropy
  ``-log softmax(z)_y`` of the segmentation branch's logits ``z`` over the
  labelled pixels ``y`` of all images (:func:`pixel_cross_entropy`).
* Semantic accuracy (Table 2.3): mIoU of a segmentation model applied to the
  colorized images, from a confusion matrix (:func:`confusion_matrix`,
  :func:`mean_iou`).
"""
import numpy as np
from scipy import ndimage

MS_SSIM_WEIGHTS = (0.0448, 0.2856, 0.3001, 0.2363, 0.1333)
SSIM_K1, SSIM_K2 = 0.01, 0.03
SSIM_WINDOW, SSIM_SIGMA = 11, 1.5


def _pair(pred, gt, name):
    pred = np.asarray(pred, dtype=np.float64)
    gt = np.asarray(gt, dtype=np.float64)
    if pred.shape != gt.shape or pred.size == 0:
        raise ValueError(f'{name}: shapes {pred.shape} and {gt.shape} must be '
                         'equal and non-empty')
    if not (np.isfinite(pred).all() and np.isfinite(gt).all()):
        raise ValueError(f'{name}: values must be finite')
    return pred, gt


def ab_rmse(pred_ab, gt_ab):
    """RMSE of an image's a/b channels (any layout, same shapes)."""
    pred, gt = _pair(pred_ab, gt_ab, 'ab_rmse')
    return float(np.sqrt(np.mean((pred - gt) ** 2)))


def ab_psnr(pred_ab, gt_ab, data_range):
    """PSNR in dB of an image's a/b channels for values spanning
    ``data_range`` (e.g. 255 for 8-bit encoded Lab); ``inf`` if identical."""
    if data_range <= 0:
        raise ValueError(f'data_range must be positive, got {data_range}')
    rmse = ab_rmse(pred_ab, gt_ab)
    return float('inf') if rmse == 0 else float(20 * np.log10(data_range /
                                                              rmse))


def class_ab_errors(pred_ab, gt_ab, labels, num_classes, ignore_index=255):
    """Per-class sums of squared ab errors and pixel counts of one image.

    Args:
        pred_ab, gt_ab: ``(2, H, W)`` a/b channels.
        labels: ``(H, W)`` ground-truth classes; ``ignore_index`` pixels are
            skipped, other labels outside ``[0, num_classes)`` raise.

    Returns:
        tuple[np.ndarray, np.ndarray]: ``(num_classes,)`` sums of
        ``(a - a_gt)^2 + (b - b_gt)^2`` and ``(num_classes,)`` pixel counts.
    """
    pred, gt = _pair(pred_ab, gt_ab, 'class_ab_errors')
    labels = np.asarray(labels)
    if pred.ndim != 3 or pred.shape[0] != 2 or labels.shape != pred.shape[1:]:
        raise ValueError(f'class_ab_errors: ab {pred.shape} must be (2, H, W) '
                         f'and labels {labels.shape} (H, W)')
    keep = labels != ignore_index
    labels = labels[keep].astype(np.int64)
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError(f'labels outside [0, {num_classes})')
    squared = ((pred - gt) ** 2).sum(0)[keep]
    return (np.bincount(labels, squared, minlength=num_classes),
            np.bincount(labels, minlength=num_classes))


def class_ab_rmse(squared_sums, counts):
    """Per-class RMSE ``sqrt(squared_sum / (2 count))`` from the sums of
    :func:`class_ab_errors` (added over images); NaN for classes without
    pixels."""
    squared_sums = np.asarray(squared_sums, dtype=np.float64)
    counts = np.asarray(counts, dtype=np.float64)
    rmse = np.full(counts.shape, np.nan)
    np.divide(squared_sums, 2 * counts, out=rmse, where=counts > 0)
    return np.sqrt(rmse)


def ms_ssim_weights(scales=5):
    """Weights of the ``scales`` finest scales: Wang et al.'s five
    (0.0448, 0.2856, 0.3001, 0.2363, 0.1333) truncated and renormalised to
    sum 1, so that images too small for five scales keep a value in
    [0, 1]."""
    if not 1 <= scales <= len(MS_SSIM_WEIGHTS):
        raise ValueError(f'scales must be in [1, {len(MS_SSIM_WEIGHTS)}], got '
                         f'{scales}')
    weights = np.array(MS_SSIM_WEIGHTS[:scales])
    return weights / weights.sum()


def _gaussian_valid(x):
    """Separable 11-tap Gaussian (sigma 1.5) filtering, 'valid' region."""
    half = SSIM_WINDOW // 2
    taps = np.exp(-np.arange(-half, half + 1) ** 2 / (2 * SSIM_SIGMA ** 2))
    taps /= taps.sum()
    for axis in (0, 1):
        x = ndimage.correlate1d(x, taps, axis=axis, mode='constant')
        x = np.take(x, np.arange(half, x.shape[axis] - half), axis=axis)
    return x


def _ssim_terms(x, y, data_range):
    """Mean luminance and contrast-structure terms of SSIM (per channel)."""
    c1, c2 = (SSIM_K1 * data_range) ** 2, (SSIM_K2 * data_range) ** 2
    mx, my = _gaussian_valid(x), _gaussian_valid(y)
    sxx = _gaussian_valid(x * x) - mx * mx
    syy = _gaussian_valid(y * y) - my * my
    sxy = _gaussian_valid(x * y) - mx * my
    luminance = (2 * mx * my + c1) / (mx * mx + my * my + c1)
    cs = (2 * sxy + c2) / (sxx + syy + c2)
    return luminance.mean(), cs.mean()


def ms_ssim(img1, img2, data_range=255.0, scales=5):
    """Multiscale SSIM of two ``(H, W)`` or ``(H, W, C)`` images.

    ``MS-SSIM = l_M^{w_M} * prod_{j=1..M} cs_j^{w_j}`` over ``M = scales``
    scales with the weights of :func:`ms_ssim_weights`, an 11x11
    Gaussian window (sigma 1.5, 'valid' region), ``K1 = 0.01``,
    ``K2 = 0.03``, 2x2 average downsampling between scales, channels
    averaged per scale; negative ``cs`` are clipped to 0.

    Raises:
        ValueError: if the image is smaller than ``11 * 2^(M-1)`` pixels on
            a side (the window must fit the coarsest scale).
    """
    weights = ms_ssim_weights(scales)
    x, y = _pair(img1, img2, 'ms_ssim')
    if x.ndim == 2:
        x, y = x[..., None], y[..., None]
    min_side = SSIM_WINDOW * 2 ** (scales - 1)
    if min(x.shape[:2]) < min_side:
        raise ValueError(f'MS-SSIM with {scales} scales needs images of at '
                         f'least {min_side} pixels per side, got '
                         f'{x.shape[:2]}')
    cs_terms = []
    for j in range(scales):
        lum, cs = zip(*(_ssim_terms(x[..., c], y[..., c], data_range)
                        for c in range(x.shape[2])))
        cs_terms.append(max(float(np.mean(cs)), 0.0))
        if j < scales - 1:
            h, w = (x.shape[0] // 2) * 2, (x.shape[1] // 2) * 2
            x = x[:h, :w].reshape(h // 2, 2, w // 2, 2, -1).mean((1, 3))
            y = y[:h, :w].reshape(h // 2, 2, w // 2, 2, -1).mean((1, 3))
    luminance = max(float(np.mean(lum)), 0.0)
    return float(luminance ** weights[-1] *
                 np.prod(np.power(cs_terms, weights)))


def pairwise_ms_ssim(samples, data_range=255.0, scales=5):
    """MS-SSIM of every pair of colorizations of one input.

    Args:
        samples (np.ndarray): ``(K, H, W, C)`` with ``K >= 2``.
        data_range (float): value span of the images.
        scales (int): scales of :func:`ms_ssim`.

    Returns:
        np.ndarray: ``(K * (K - 1) / 2,)`` values for pairs ``i < j``.
    """
    samples = np.asarray(samples)
    if samples.ndim < 3 or samples.shape[0] < 2:
        raise ValueError('need at least two samples of one input, got shape '
                         f'{samples.shape}')
    i, j = np.triu_indices(samples.shape[0], 1)
    return np.array([ms_ssim(samples[a], samples[b], data_range, scales)
                     for a, b in zip(i, j)])


def pixel_cross_entropy(logits, labels, ignore_index=255):
    """Summed cross-entropy and labelled pixel count of one image.

    Args:
        logits: ``(C, H, W)`` class scores before the softmax.
        labels: ``(H, W)`` classes; ``ignore_index`` pixels are skipped,
            other labels outside ``[0, C)`` raise.

    Returns:
        tuple[float, int]: ``sum_pixels -log softmax(logits)[label]`` and
        the number of labelled pixels.
    """
    logits = np.asarray(logits, dtype=np.float64)
    labels = np.asarray(labels)
    if logits.ndim != 3 or labels.shape != logits.shape[1:]:
        raise ValueError(f'pixel_cross_entropy: logits {logits.shape} must '
                         f'be (C, H, W) and labels {labels.shape} (H, W)')
    if not np.isfinite(logits).all():
        raise ValueError('pixel_cross_entropy: logits must be finite')
    keep = labels != ignore_index
    labels = labels[keep].astype(np.int64)
    if labels.size and (labels.min() < 0 or labels.max() >= len(logits)):
        raise ValueError(f'labels outside [0, {len(logits)})')
    z = logits[:, keep]
    top = z.max(0)
    log_norm = top + np.log(np.exp(z - top).sum(0))
    return (float((log_norm - z[labels, np.arange(labels.size)]).sum()),
            int(labels.size))


def confusion_matrix(pred, gt, num_classes, ignore_index=255):
    """``(num_classes, num_classes)`` counts, rows = ground truth.

    Pixels whose ground truth is ``ignore_index`` are skipped; other labels
    outside ``[0, num_classes)`` raise ``ValueError``.
    """
    pred, gt = np.asarray(pred).reshape(-1), np.asarray(gt).reshape(-1)
    if pred.shape != gt.shape:
        raise ValueError(f'pred {pred.shape} and gt {gt.shape} differ')
    keep = gt != ignore_index
    pred, gt = pred[keep].astype(np.int64), gt[keep].astype(np.int64)
    for name, v in (('pred', pred), ('gt', gt)):
        if v.size and (v.min() < 0 or v.max() >= num_classes):
            raise ValueError(f'{name} labels outside [0, {num_classes})')
    return np.bincount(gt * num_classes + pred,
                       minlength=num_classes ** 2).reshape(num_classes, -1)


def mean_iou(conf):
    """Per-class IoU (NaN for classes absent from prediction and ground
    truth) and mIoU over the present classes."""
    conf = np.asarray(conf, dtype=np.float64)
    tp = np.diag(conf)
    union = conf.sum(0) + conf.sum(1) - tp
    iou = np.full(tp.shape, np.nan)
    np.divide(tp, union, out=iou, where=union > 0)
    if not (union > 0).any():
        raise ValueError('empty confusion matrix: mIoU is undefined')
    return iou, float(np.nanmean(iou))
