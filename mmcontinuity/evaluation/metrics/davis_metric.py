"""DAVIS-2016 J&F of video object segmentation clips (mmaction)."""
from collections import defaultdict

import numpy as np
from mmaction.registry import METRICS
from mmengine.evaluator import BaseMetric

from ..functional import BOUND_TH, davis_j_and_f
from .utils import get_field, to_numpy


@METRICS.register_module()
class DAVISMetric(BaseMetric):
    """Region similarity J and contour accuracy F (mean, recall, decay).

    Each data sample carries ``video_id``, ``frame_inds`` (T,), the
    ground-truth ``gt_masks`` (T, H, W) in {0, 1} (``PackTubeletInputs``)
    and the prediction ``pred_masks`` (T, H, W): foreground probabilities
    or a binary mask, at the resolution of ``gt_masks``. A frame covered by
    several clips is foreground when at least half of its clips say so
    (each clip thresholded at ``mask_thr``). Statistics follow
    :mod:`mmcontinuity.evaluation.functional.davis`; values in percent.

    Args:
        mask_thr (float): Foreground threshold of ``pred_masks``.
        bound_th (float): Contour tolerance (fraction of the diagonal).
        exclude_first_last (bool): Skip the first and last frame of each
            sequence (DAVIS toolkit).
    """
    default_prefix = 'davis'

    def __init__(self,
                 mask_thr=0.5,
                 bound_th=BOUND_TH,
                 exclude_first_last=True,
                 collect_device='cpu',
                 prefix=None):
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.mask_thr = mask_thr
        self.bound_th = bound_th
        self.exclude_first_last = exclude_first_last

    def process(self, data_batch, data_samples):
        for sample in data_samples:
            pred = to_numpy(get_field(sample, 'pred_masks'))
            gt = to_numpy(get_field(sample, 'gt_masks'))
            if pred.shape != gt.shape:
                raise ValueError(f'pred_masks {pred.shape} and gt_masks '
                                 f'{gt.shape} must have the same shape')
            if not np.isfinite(pred).all():
                raise ValueError(f'pred_masks of video '
                                 f'{get_field(sample, "video_id")} are not '
                                 'finite')
            self.results.append(dict(
                video_id=get_field(sample, 'video_id'),
                frame_inds=to_numpy(get_field(sample, 'frame_inds'),
                                    np.int64).reshape(-1),
                pred=pred >= self.mask_thr, gt=gt.astype(bool)))

    def compute_metrics(self, results):
        frames = defaultdict(dict)
        for r in results:
            seq = frames[r['video_id']]
            for f, p, g in zip(r['frame_inds'], r['pred'], r['gt']):
                votes, count, _ = seq.get(int(f), (0, 0, g))
                seq[int(f)] = (votes + p, count + 1, g)
        sequences = []
        for seq in frames.values():
            ordered = [seq[f] for f in sorted(seq)]
            pred = np.stack([2 * votes >= count for votes, count, _ in
                             ordered])
            sequences.append((pred, np.stack([g for *_, g in ordered])))
        stats = davis_j_and_f(sequences, self.bound_th,
                              self.exclude_first_last)
        return {k: 100 * v for k, v in stats.items()}
