"""Test-time augmentation of TubeR: the 2-view (clip + horizontal flip)
inference of Sec. 6.4.1."""
from typing import List, Sequence

import torch
from mmaction.registry import MODELS
from mmdet.structures.bbox import bbox_overlaps
from mmengine.model import BaseTTAModel
from mmengine.structures import InstanceData
from scipy.optimize import linear_sum_assignment
from torch import Tensor


def tubelet_iou_pairwise(boxes1: Tensor, boxes2: Tensor) -> Tensor:
    """Mean IoU over frames of every pair of tubelets of two sets
    (the aligned counterpart, for paired tubelets, is
    ``evaluation.functional.tubelet_iou_aligned``).

    Args:
        boxes1 (Tensor): (N, T, 4) or (N, 4) xyxy boxes.
        boxes2 (Tensor): (M, T, 4) or (M, 4) xyxy boxes on the same frames.

    Returns:
        Tensor: (N, M) IoU averaged over the T frames.
    """
    if boxes1.dim() == 2:
        return bbox_overlaps(boxes1, boxes2)
    return bbox_overlaps(boxes1.transpose(0, 1),
                         boxes2.transpose(0, 1)).mean(0)


def merge_tubelets(preds: Sequence[InstanceData], iou_thr: float,
                   switch_thr: float) -> InstanceData:
    """Merge predictions of one clip (several views of it, or several
    models) into the tubelets of the first, the reference.

    The tubelets of every other prediction are assigned one to one to the
    reference's (Hungarian algorithm on :func:`tubelet_iou_pairwise`); a
    pair with an IoU of at least ``iou_thr`` is one detection seen twice,
    and its ``bboxes``, class ``scores`` and ``switch_scores`` (those the
    reference has) are averaged over the predictions that see it; a
    reference tubelet without such a partner keeps its own prediction, and
    the unpaired tubelets of the others are dropped, so the result has the
    N tubelets of the reference (what the tubelet stitching expects).
    ``action_on``, where the reference has it, is recomputed as averaged
    switch score ``>= switch_thr``.

    Args:
        preds (Sequence[InstanceData]): ``pred_instances`` of the clip,
            boxes (N, T, 4) or (N, 4) on the same frames, reference first.
        iou_thr (float): smallest IoU of a merged pair.
        switch_thr (float): threshold of ``action_on``.

    Returns:
        InstanceData: N merged tubelets, with the reference's metainfo.
    """
    ref = preds[0]
    fields = [k for k in ('bboxes', 'scores', 'switch_scores') if k in ref]
    sums = {k: ref[k].clone() for k in fields}
    count = ref.bboxes.new_ones(len(ref))
    for other in preds[1:]:
        for k in fields:
            if k not in other or other[k].shape[1:] != ref[k].shape[1:]:
                shape = tuple(other[k].shape) if k in other else None
                raise ValueError(f'predictions give {k} of shapes '
                                 f'{tuple(ref[k].shape)} and {shape}')
        iou = tubelet_iou_pairwise(ref.bboxes, other.bboxes)
        rows, cols = linear_sum_assignment(-iou.cpu().numpy())
        rows, cols = (torch.as_tensor(i, device=iou.device)
                      for i in (rows, cols))
        keep = iou[rows, cols] >= iou_thr
        rows, cols = rows[keep], cols[keep]
        for k in fields:
            sums[k][rows] += other[k][cols]
        count[rows] += 1
    merged = InstanceData(metainfo=ref.metainfo)
    for k in fields:
        scale = count.view(-1, *([1] * (sums[k].dim() - 1)))
        merged[k] = sums[k] / scale
    if 'action_on' in ref:
        merged.action_on = merged.switch_scores >= switch_thr
    return merged


@MODELS.register_module()
class TubeRTTAModel(BaseTTAModel):
    """Merge the TubeR predictions of several views of a clip (e.g. the clip
    and its horizontal flip, ``tta_pipeline`` with ``TestTimeAug``).

    Every view's ``pred_instances`` are in the original frame (``TubeR``
    undoes the flip); :func:`merge_tubelets` merges them into the N
    tubelets of the first view, ``action_on`` with the model's
    ``test_cfg.switch_thr``.

    Args:
        module (dict | nn.Module): the TubeR model.
        iou_thr (float): smallest IoU of a merged pair. Defaults to 0.5.
    """

    def __init__(self, module, iou_thr: float = 0.5,
                 data_preprocessor=None) -> None:
        if isinstance(module, dict):  # in mmaction2's registry, not the root
            module = dict(module)
            if data_preprocessor is not None:
                module['data_preprocessor'] = data_preprocessor
            module = MODELS.build(module)
        super().__init__(module=module)
        if not 0 <= iou_thr <= 1:
            raise ValueError(f'iou_thr must be in [0, 1], got {iou_thr}')
        self.iou_thr = iou_thr

    def merge_preds(self, data_samples_list: List[list]) -> list:
        """Merge the views of every sample.

        Args:
            data_samples_list (list[list]): for every sample, its data
                samples of all views (the first is the reference).

        Returns:
            list: one data sample per sample, with merged
            ``pred_instances``.
        """
        return [self._merge(views) for views in data_samples_list]

    def _merge(self, views: list):
        sample = views[0].clone()
        sample.pred_instances = merge_tubelets(
            [view.pred_instances for view in views], self.iou_thr,
            self.module.test_cfg['switch_thr'])
        return sample
