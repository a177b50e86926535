"""Packing of tubelet samples into model inputs and data samples."""
import numpy as np
import torch
from mmaction.registry import TRANSFORMS
from mmaction.structures import ActionDataSample
from mmcv.transforms import BaseTransform
from mmengine.structures import InstanceData

#: results key -> field of ``gt_instances`` (packed when present).
_GT_FIELDS = dict(gt_bboxes='bboxes', gt_valid='valid',
                  gt_action_on='action_on', gt_labels='labels',
                  entity_ids='entity_ids')


@TRANSFORMS.register_module()
class PackTubeletInputs(BaseTransform):
    """Pack a clip sample: tubelets (docs/data_flow.md) and/or masks.

    Required keys: ``imgs`` (list of T (H, W, 3) arrays); optional
    ``flow_imgs`` (list of T (H, W, 2)), the tubelet ground truth
    ``gt_bboxes`` (K, T, 4), ``gt_valid`` (K, T), ``gt_action_on`` (K, T),
    ``gt_labels`` (K,), and the object masks ``gt_masks`` (T, H, W).

    Returns:
        dict: ``inputs``, a float32 tensor (C, T, H, W) of the frame lists
        of ``collect_keys`` stacked along channels, C = 3, or 5 when flow
        frames are present (RGB then flow x, y, in the stored 0-255 units),
        or 2 for the flow alone; and ``data_samples``, an
        ``ActionDataSample`` whose ``gt_instances`` has ``bboxes``
        (K, T, 4) float32 pixel xyxy in the input image, ``valid`` and
        ``action_on`` (K, T) bool and ``labels`` (K,) int64 (tubelet
        samples; AVA samples have multi-hot float ``labels`` (K, C),
        ``entity_ids`` (K,) and no ``action_on``), and whose ``gt_masks``
        is a uint8 tensor (T, H, W) (mask samples).

    Args:
        collect_keys (Sequence[str]): the frame lists stacked as the clip's
            channels, in this order, those present (at least one);
            ``('flow_imgs', )`` packs the flow alone, the input of a flow
            stream (the RGB frames are still required: the geometric
            transforms size the flow by them). Defaults to
            ``('imgs', 'flow_imgs')``.
        meta_keys (Sequence[str]): results keys stored as metainfo when
            present; ``scale_factor`` defaults to (1, 1) and ``flip`` to
            False. The defaults include AVA's ``timestamp``, ``img_key`` and
            ``key_frame_index`` (read by mmaction2's ``AVAMetric``).
    """

    def __init__(self,
                 collect_keys=('imgs', 'flow_imgs'),
                 meta_keys=('video_id', 'frame_inds', 'img_shape',
                            'ori_shape', 'scale_factor', 'flip', 'timestamp',
                            'img_key', 'key_frame_index')):
        self.collect_keys = tuple(collect_keys)
        self.meta_keys = tuple(meta_keys)

    def transform(self, results):
        video = results.get('video_id')
        rgb = np.stack(results['imgs'])
        parts = {key: np.stack(results[key]) for key in self.collect_keys
                 if key in results}
        if not parts:
            raise KeyError(f'video {video}: none of {self.collect_keys}')
        for key, frames in parts.items():
            if frames.shape[:3] != rgb.shape[:3]:
                raise ValueError(f'video {video}: {key} {frames.shape[:3]} '
                                 f'and RGB {rgb.shape[:3]} frames differ '
                                 'in size')
        frames = np.concatenate(list(parts.values()), axis=-1)
        inputs = torch.from_numpy(
            np.ascontiguousarray(frames.transpose(3, 0, 1, 2),
                                 dtype=np.float32))
        sample = ActionDataSample()
        if 'gt_bboxes' in results:
            sample.gt_instances = self._pack_tubelets(results, frames.shape[0])
        if 'gt_masks' in results:
            sample.gt_masks = torch.from_numpy(
                np.ascontiguousarray(results['gt_masks']))
        defaults = dict(scale_factor=np.ones(2, np.float32), flip=False)
        sample.set_metainfo({
            key: results.get(key, defaults.get(key))
            for key in self.meta_keys if key in results or key in defaults
        })
        return dict(inputs=inputs, data_samples=sample)

    @staticmethod
    def _pack_tubelets(results, num_frames):
        if results['gt_bboxes'].shape[1:] != (num_frames, 4):
            raise ValueError(f'video {results.get("video_id")}: gt_bboxes of '
                             f'shape {results["gt_bboxes"].shape} do not '
                             f'match {num_frames} frames')
        gt = InstanceData()
        for key, name in _GT_FIELDS.items():
            if key in results:
                gt[name] = torch.from_numpy(np.ascontiguousarray(
                    results[key]))
        gt.bboxes = gt.bboxes.float()
        if 'labels' in gt and not gt.labels.is_floating_point():
            gt.labels = gt.labels.long()
        return gt

    def __repr__(self):
        return (f'{self.__class__.__name__}(collect_keys='
                f'{self.collect_keys}, meta_keys={self.meta_keys})')


@TRANSFORMS.register_module()
class StackFlow(BaseTransform):
    """Stack the flow frames onto the RGB frames as channels 4-5.

    For mmaction2's own pipelines (``RawFrameDecode``, ``RandomRescale``,
    ``RandomCrop``, ``FormatShape``), which move ``imgs`` only: after
    ``LoadFlowFrames`` and before the geometric transforms, frame ``t``
    becomes ``concat(imgs[t], flow_imgs[t])`` along channels, so both are
    rescaled and cropped together and ``FormatShape`` gives a (5, T, H, W)
    clip (RGB, then flow x, y in the stored 0-255 units). The tubelet
    pipelines need no such step: ``PackTubeletInputs`` stacks the channels.

    Required keys: ``imgs`` (list of T (H, W, 3) arrays), ``flow_imgs``
    (list of T (H, W, 2) arrays).
    Modified keys: ``imgs`` (list of T (H, W, 5) arrays, the dtype NumPy
    promotes the two to); ``flow_imgs`` is removed.
    """

    def transform(self, results):
        imgs, flows = results['imgs'], results.pop('flow_imgs')
        if len(imgs) != len(flows) or any(
                img.shape[:2] != flow.shape[:2]
                for img, flow in zip(imgs, flows)):
            raise ValueError(
                f'video {results.get("frame_dir", results.get("video_id"))}: '
                f'{len(imgs)} RGB frames of {imgs[0].shape[:2]} but '
                f'{len(flows)} flow frames of {flows[0].shape[:2]}')
        results['imgs'] = [np.concatenate([img, flow], axis=-1)
                           for img, flow in zip(imgs, flows)]
        return results
