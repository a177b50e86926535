"""Colorization targets from a colour image and its segmentation map
(Chapter 2: gray L input 128x128, ab target 32x32, segmentation target).

Registered in mmsegmentation's ``TRANSFORMS``: a colorization config reads
PASCAL VOC / COCO-Stuff (or the benchmark's ``colorization`` split) with
mmseg's ``LoadImageFromFile`` and ``LoadAnnotations``, then these two.
"""
import cv2
import numpy as np
import torch
from mmcv.transforms import BaseTransform
from mmengine.structures import PixelData
from mmseg.registry import TRANSFORMS
from mmseg.structures import SegDataSample

_CONVERSIONS = dict(bgr=cv2.COLOR_BGR2Lab, rgb=cv2.COLOR_RGB2Lab)


@TRANSFORMS.register_module()
class ColorizationTargets(BaseTransform):
    """Split a colour image into the gray input and the colour target.

    The image is resized to ``input_size`` and converted to CIE Lab
    (L in [0, 100], a and b in [-127, 127]); the input is L at
    ``input_size``, the target is ab of the image area-resized to
    ``target_size``, the segmentation target is the map resized (nearest) to
    ``seg_size``.

    Required keys: ``img`` (H, W, 3) uint8 in ``channel_order``;
    optional ``gt_seg_map`` (H, W).
    Modified keys: ``img`` float32 (h, w, 1) the L channel, ``img_shape``,
    ``gt_seg_map`` (seg_size).
    Added keys: ``gt_ab`` float32 (target h, target w, 2).

    Args:
        input_size (tuple[int, int]): (w, h) of the gray input.
        target_size (tuple[int, int]): (w, h) of the ab target.
        seg_size (tuple[int, int]): (w, h) of the segmentation target.
        channel_order (str): ``'bgr'`` (mmcv/mmseg loading) or ``'rgb'``.
    """

    def __init__(self, input_size=(128, 128), target_size=(32, 32),
                 seg_size=(32, 32), channel_order='bgr'):
        if channel_order not in _CONVERSIONS:
            raise ValueError(f"channel_order must be 'bgr' or 'rgb', got "
                             f'{channel_order!r}')
        self.input_size = tuple(input_size)
        self.target_size = tuple(target_size)
        self.seg_size = tuple(seg_size)
        self.channel_order = channel_order

    def transform(self, results):
        img = results['img']
        if img.ndim != 3 or img.shape[2] != 3:
            raise ValueError(f'{results.get("img_path")}: colorization needs '
                             f'a colour image, got shape {img.shape}')
        img = cv2.resize(img, self.input_size, interpolation=cv2.INTER_AREA)
        lab = cv2.cvtColor(img.astype(np.float32) / 255,
                           _CONVERSIONS[self.channel_order])
        results['img'] = lab[..., :1]
        results['img_shape'] = lab.shape[:2]
        results['gt_ab'] = cv2.resize(lab[..., 1:], self.target_size,
                                      interpolation=cv2.INTER_AREA)
        if 'gt_seg_map' in results:
            results['gt_seg_map'] = cv2.resize(
                results['gt_seg_map'], self.seg_size,
                interpolation=cv2.INTER_NEAREST)
        return results

    def __repr__(self):
        return (f'{self.__class__.__name__}(input_size={self.input_size}, '
                f'target_size={self.target_size}, seg_size={self.seg_size}, '
                f'channel_order={self.channel_order!r})')


@TRANSFORMS.register_module()
class PackColorizationInputs(BaseTransform):
    """Pack the output of :class:`ColorizationTargets`.

    Returns:
        dict: ``inputs`` float32 tensor (1, h, w), the L channel in [0, 100];
        ``data_samples`` a ``SegDataSample`` with ``gt_ab`` (``PixelData``,
        (2, th, tw) in [-127, 127]) and, when a map was loaded,
        ``gt_sem_seg`` (``PixelData``, (1, sh, sw) int64), and the metainfo
        ``meta_keys``.

    Args:
        meta_keys (Sequence[str]): results keys stored as metainfo.
    """

    def __init__(self, meta_keys=('img_path', 'seg_map_path', 'ori_shape',
                                  'img_shape')):
        self.meta_keys = tuple(meta_keys)

    def transform(self, results):
        inputs = torch.from_numpy(
            np.ascontiguousarray(results['img'].transpose(2, 0, 1)))
        sample = SegDataSample()
        sample.gt_ab = PixelData(data=torch.from_numpy(
            np.ascontiguousarray(results['gt_ab'].transpose(2, 0, 1))))
        if 'gt_seg_map' in results:
            sample.gt_sem_seg = PixelData(data=torch.from_numpy(
                results['gt_seg_map'][None].astype(np.int64)))
        sample.set_metainfo(
            {k: results[k] for k in self.meta_keys if k in results})
        return dict(inputs=inputs, data_samples=sample)

    def __repr__(self):
        return f'{self.__class__.__name__}(meta_keys={self.meta_keys})'
