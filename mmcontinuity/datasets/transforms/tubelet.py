"""Geometric transforms for tubelet samples with optional flow frames.

mmaction2's ``Resize``, ``RandomRescale``, ``RandomCrop``, ``CenterCrop`` and
``Flip`` already move ``gt_bboxes`` of any leading shape (they index the last
axis with ``...``), so tubelet boxes (K, T, 4) pass through them. The
subclasses here add what a tubelet sample needs on top:

- the same geometric change on the flow frames ``flow_imgs`` (list of
  (H, W, 2) uint8, see ``LoadFlowFrames``; a flip also negates the x
  component, 255 - x in the quantised images) and on the object masks
  ``gt_masks`` ((T, H, W) uint8, see ``LoadMasks``);
- ``gt_valid``/``gt_action_on`` kept consistent: an actor whose box leaves
  the crop is not valid there, boxes are 0 where not valid, and actors left
  without any valid frame are dropped;
- flips of inclusive-pixel boxes (x -> W - 1 - x, as the crop clipping to
  ``W - 1`` of mmaction2 assumes).

Photometric transforms (mmaction2's ``ColorJitter``) read ``imgs`` only, so
they never touch the flow.
"""
import cv2
import numpy as np
from mmaction.datasets.transforms import (CenterCrop, Flip, RandomCrop,
                                          RandomRescale, Resize)
from mmaction.registry import TRANSFORMS


def _resize_aux(results):
    """Resize ``flow_imgs`` (bilinear; values are kept, as mmaction2 does for
    its Flow modality) and ``gt_masks`` (nearest) to ``img_shape``."""
    h, w = results['img_shape']
    if 'flow_imgs' in results:
        results['flow_imgs'] = [
            f if f.shape[:2] == (h, w) else cv2.resize(
                f, (w, h), interpolation=cv2.INTER_LINEAR)
            for f in results['flow_imgs']
        ]
    masks = results.get('gt_masks')
    if masks is not None and masks.shape[1:] != (h, w):
        results['gt_masks'] = np.stack([
            cv2.resize(m, (w, h), interpolation=cv2.INTER_NEAREST)
            for m in masks
        ])


def _sync_valid(results, keep):
    """Restrict ``gt_valid`` to ``keep`` (K, T), zero the boxes that are not
    valid and drop actors that have no valid frame left."""
    if 'gt_valid' not in results:
        return
    valid = results['gt_valid'] & keep
    results['gt_bboxes'] = np.where(valid[..., None], results['gt_bboxes'],
                                    0).astype(np.float32)
    results['gt_valid'] = valid
    if 'gt_action_on' in results:
        results['gt_action_on'] = results['gt_action_on'] & valid
    actors = valid.any(-1)
    if not actors.all():
        for key in ('gt_bboxes', 'gt_valid', 'gt_action_on', 'gt_labels',
                    'entity_ids'):
            if key in results:
                results[key] = results[key][actors]


@TRANSFORMS.register_module()
class TubeletResize(Resize):
    """mmaction2 ``Resize`` that also resizes ``flow_imgs`` and
    ``gt_masks``."""

    def transform(self, results):
        results = super().transform(results)
        _resize_aux(results)
        return results


@TRANSFORMS.register_module()
class TubeletRandomRescale(RandomRescale):
    """mmaction2 ``RandomRescale`` (random short edge, scale jitter) that also
    resizes ``flow_imgs`` and ``gt_masks``."""

    def transform(self, results):
        results = super().transform(results)
        _resize_aux(results)
        return results


class _CropSync:
    """Mixin: after the parent crop, crop the flow frames and masks with the
    same ``crop_bbox`` and invalidate boxes that lie entirely outside it."""

    def transform(self, results):
        boxes = results.get('gt_bboxes')
        results = super().transform(results)
        x1, y1, x2, y2 = results['crop_bbox']
        if 'flow_imgs' in results:
            results['flow_imgs'] = [
                f[y1:y2, x1:x2] for f in results['flow_imgs']
            ]
        if 'gt_masks' in results:
            results['gt_masks'] = results['gt_masks'][:, y1:y2, x1:x2]
        if boxes is not None:
            inside = ((boxes[..., 2] >= x1) & (boxes[..., 0] <= x2 - 1) &
                      (boxes[..., 3] >= y1) & (boxes[..., 1] <= y2 - 1))
            _sync_valid(results, inside)
        return results


@TRANSFORMS.register_module()
class TubeletRandomCrop(_CropSync, RandomCrop):
    """mmaction2 ``RandomCrop`` (same window on all frames) for tubelets."""


@TRANSFORMS.register_module()
class TubeletCenterCrop(_CropSync, CenterCrop):
    """mmaction2 ``CenterCrop`` for tubelets."""


@TRANSFORMS.register_module()
class TubeletFlip(Flip):
    """Horizontal mmaction2 ``Flip`` for tubelets of inclusive-pixel boxes,
    flow frames (x component negated) and masks."""

    def __init__(self, flip_ratio=0.5, **kwargs):
        if kwargs.get('direction', 'horizontal') != 'horizontal':
            raise ValueError('TubeletFlip supports horizontal flips only')
        super().__init__(flip_ratio=flip_ratio, **kwargs)

    @staticmethod
    def _box_flip(box, img_width):
        flipped = box.copy()
        flipped[..., 0::4] = img_width - 1 - box[..., 2::4]
        flipped[..., 2::4] = img_width - 1 - box[..., 0::4]
        return flipped

    def transform(self, results):
        results = super().transform(results)
        if results['flip'] and 'flow_imgs' in results:
            flows = []
            for f in results['flow_imgs']:
                f = f[:, ::-1].copy()
                f[..., 0] = 255 - f[..., 0]
                flows.append(f)
            results['flow_imgs'] = flows
        if results['flip'] and 'gt_masks' in results:
            results['gt_masks'] = np.ascontiguousarray(
                results['gt_masks'][..., ::-1])
        if results['flip'] and 'gt_valid' in results:
            _sync_valid(results, results['gt_valid'])
        return results
