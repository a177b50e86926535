"""Colorization metrics of Table 2.3 and Figures 2.10, 2.11 and 2.16
(mmseg)."""
import numpy as np
import torch
import torch.nn.functional as F
from mmengine.evaluator import BaseMetric
from mmseg.registry import METRICS
from skimage.color import lab2rgb

from ..functional import (ab_psnr, ab_rmse, class_ab_errors, class_ab_rmse,
                          confusion_matrix, mean_iou, pairwise_ms_ssim,
                          pixel_cross_entropy)
from .utils import get_field, to_numpy


def _pixel_data(sample, key):
    """``data`` of a ``PixelData`` field (dict or element) as numpy."""
    value = get_field(sample, key)
    return to_numpy(value['data'] if isinstance(value, dict) else
                    getattr(value, 'data', value), np.float64)


def _resized_labels(sample, size):
    """``gt_sem_seg`` of a sample as int64 ``(H, W)``, resized (nearest) to
    ``size``."""
    labels = torch.as_tensor(_pixel_data(sample, 'gt_sem_seg')[0])
    if labels.shape != tuple(size):
        labels = F.interpolate(labels[None, None], size=tuple(size),
                               mode='nearest')[0, 0]
    return labels.numpy().astype(np.int64)


def colorized_rgb(lightness, ab):
    """uint8 ``(H, W, 3)`` RGB of L ``(H, W)`` in [0, 100] and ab ``(2, h,
    w)``: ab is up-sampled (bilinear) to L's resolution and joined with L,
    the thesis' final colorized image (Sec. 2.3.1)."""
    if lightness.shape != ab.shape[1:]:
        ab = F.interpolate(
            torch.as_tensor(ab)[None], size=lightness.shape,
            mode='bilinear', align_corners=False)[0].numpy()
    lab = np.concatenate([lightness[None], ab]).transpose(1, 2, 0)
    return np.round(lab2rgb(lab) * 255).astype(np.uint8)


@METRICS.register_module()
class ColorizationMetric(BaseMetric):
    """Colour fidelity, diversity and semantic accuracy of colorizations.

    Inputs (``PackColorizationInputs`` and the colorization model):
    ``inputs`` of the batch (1, H, W) L channel in [0, 100]; data sample
    ``gt_ab`` and ``pred_ab`` (``PixelData`` (2, h, w), ab of CIE Lab),
    optionally ``pred_ab_samples`` (K, 2, h, w) further colorizations of
    the same input, ``gt_sem_seg`` (1, Hs, Ws) and ``seg_logits``
    (C, Hl, Wl).

    A colorized image is the RGB image of the input L joined with the ab
    channels up-sampled to L's resolution (:func:`colorized_rgb`).

    Reported, in this order: ``mIoU`` (percent) of the segmentation model
    ``seg_model`` (``dict(config=..., checkpoint=...)`` for
    ``mmseg.apis.init_model``; ``config`` a file or a package's config such
    as ``'mmseg::deeplabv3/...'``), the judge of Table 2.3, on the colorized
    image of ``pred_ab``, its prediction resized (nearest) to
    ``gt_sem_seg``; ``ab_psnr`` (dB) and ``ab_rmse`` (means over images);
    ``diversity_ms_ssim`` (percent, mean MS-SSIM with ``ms_ssim_scales``
    scales over all pairs of colorized ``pred_ab_samples``) when samples
    are given; ``ab_rmse_<class>`` (Fig. 2.16, RMSE over the pixels of each
    ``gt_sem_seg`` class present, the map resized (nearest) to the ab
    resolution, pooled over images; class names from the data set's
    ``classes``) when the samples have ``gt_sem_seg``; ``seg_loss``
    (Fig. 2.10, mean pixel cross-entropy of the model's own segmentation
    ``seg_logits`` (C, h, w) against ``gt_sem_seg`` resized (nearest) to
    them, over all labelled pixels) when the samples have ``seg_logits``.

    Args:
        data_range (float): Span of ab values for PSNR (255 for ab in
            [-127, 127]).
        seg_model (dict, optional): Segmentation model config/checkpoint.
        num_classes (int): Segmentation classes (21 for Pascal VOC).
        ignore_index (int): Ignored ground-truth label.
        ms_ssim_scales (int): Scales of the diversity MS-SSIM, at most 5;
            images need at least ``11 * 2^(scales - 1)`` pixels per side (4
            for an L input of 128x128).
        device (str): Device of the segmentation model.
    """
    default_prefix = 'colorization'

    def __init__(self,
                 data_range=255.0,
                 seg_model=None,
                 num_classes=21,
                 ignore_index=255,
                 ms_ssim_scales=5,
                 device='cpu',
                 collect_device='cpu',
                 prefix=None):
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.data_range = data_range
        self.seg_model_cfg = seg_model
        self.num_classes = num_classes
        self.ignore_index = ignore_index
        self.ms_ssim_scales = ms_ssim_scales
        self.device = device
        self._segmentor = None

    @property
    def segmentor(self):
        """The segmentation model, built at first use."""
        if self._segmentor is None:
            from mmengine.hub import get_config
            from mmseg.apis import init_model
            config = self.seg_model_cfg['config']
            if '::' in config:  # a config of a package, e.g. 'mmseg::...'
                config = get_config(config)
            self._segmentor = init_model(config,
                                         self.seg_model_cfg.get('checkpoint'),
                                         device=self.device)
        return self._segmentor

    def process(self, data_batch, data_samples):
        for i, sample in enumerate(data_samples):
            pred_ab = _pixel_data(sample, 'pred_ab')
            gt_ab = _pixel_data(sample, 'gt_ab')
            result = dict(psnr=ab_psnr(pred_ab, gt_ab, self.data_range),
                          rmse=ab_rmse(pred_ab, gt_ab))
            lightness = to_numpy(data_batch['inputs'][i], np.float64)[0]
            samples = get_field(sample, 'pred_ab_samples', None)
            if samples is not None:
                rgb = np.stack([colorized_rgb(lightness, ab)
                                for ab in to_numpy(samples, np.float64)])
                result['ms_ssim'] = pairwise_ms_ssim(
                    rgb.astype(np.float64), scales=self.ms_ssim_scales)
            if get_field(sample, 'gt_sem_seg', None) is not None:
                result['class_errors'] = class_ab_errors(
                    pred_ab, gt_ab, _resized_labels(sample, gt_ab.shape[1:]),
                    self.num_classes, self.ignore_index)
            if get_field(sample, 'seg_logits', None) is not None:
                logits = _pixel_data(sample, 'seg_logits')
                result['seg_loss'] = pixel_cross_entropy(
                    logits, _resized_labels(sample, logits.shape[1:]),
                    self.ignore_index)
            if self.seg_model_cfg is not None:
                result['conf'] = self._segment(
                    colorized_rgb(lightness, pred_ab),
                    _pixel_data(sample, 'gt_sem_seg')[0].astype(np.int64))
            self.results.append(result)

    def predict_labels(self, rgb):
        """``(H, W)`` labels of the segmentation model on an RGB image."""
        from mmseg.apis import inference_model
        pred = inference_model(self.segmentor, rgb[..., ::-1].copy())
        return pred.pred_sem_seg.data[0]

    def _segment(self, rgb, gt):
        """Confusion matrix of the segmentation of an RGB image against
        ``gt`` (prediction resized to it, nearest)."""
        label = torch.as_tensor(self.predict_labels(rgb)).float()
        label = F.interpolate(label[None, None], size=gt.shape,
                              mode='nearest')
        return confusion_matrix(to_numpy(label[0, 0], np.int64), gt,
                                self.num_classes, self.ignore_index)

    def compute_metrics(self, results):
        if not results:
            raise ValueError('no colorizations to evaluate')
        metrics = {}
        if self.seg_model_cfg is not None:
            _, miou = mean_iou(sum(r['conf'] for r in results))
            metrics['mIoU'] = 100 * miou
        metrics['ab_psnr'] = float(np.mean([r['psnr'] for r in results]))
        metrics['ab_rmse'] = float(np.mean([r['rmse'] for r in results]))
        pairs = [r['ms_ssim'] for r in results if 'ms_ssim' in r]
        if pairs:
            metrics['diversity_ms_ssim'] = 100 * float(
                np.mean(np.concatenate(pairs)))
        seg = [r['seg_loss'] for r in results if 'seg_loss' in r]
        if seg:
            total, pixels = (sum(v) for v in zip(*seg))
            metrics['seg_loss'] = total / max(pixels, 1)
        errors = [r['class_errors'] for r in results if 'class_errors' in r]
        if errors:
            squared, counts = (sum(e) for e in zip(*errors))
            names = (self.dataset_meta or {}).get('classes', ())
            for c, rmse in enumerate(class_ab_rmse(squared, counts)):
                if counts[c]:
                    name = names[c] if c < len(names) else f'class{c}'
                    metrics[f'ab_rmse_{name}'] = float(rmse)
        return metrics
