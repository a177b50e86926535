"""Test-time augmentation of TubeR: the 2-view (clip + horizontal flip)
inference of Sec. 6.4.1."""
from typing import List

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


@MODELS.register_module()
class TubeRTTAModel(BaseTTAModel):
    """Merge the TubeR predictions of several views of a clip (e.g. the clip
    and its horizontal flip, ``tta_pipeline`` with ``TestTimeAug``).

    Every view's ``pred_instances`` are in the original frame (``TubeR``
    undoes the flip). The tubelets of every other view are assigned one to
    one to those of the first view (Hungarian algorithm on
    :func:`tubelet_iou_pairwise`); a pair with an IoU of at least
    ``iou_thr`` is one detection seen twice, and its boxes, class scores and
    switch scores are averaged; a first-view tubelet without such a partner
    keeps its own prediction, and the other view's unpaired tubelets are
    dropped, so the merged clip has the N tubelets of one view (what the
    tubelet stitching expects). ``action_on`` is recomputed from the
    averaged switch scores with the model's ``test_cfg.switch_thr``.

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
        ref = views[0].pred_instances
        fields = [k for k in ('bboxes', 'scores', 'switch_scores')
                  if k in ref]
        sums = {k: ref[k].clone() for k in fields}
        count = ref.bboxes.new_ones(len(ref))
        for view in views[1:]:
            other = view.pred_instances
            if other.bboxes.shape[1:] != ref.bboxes.shape[1:]:
                raise ValueError('views predict boxes of shapes '
                                 f'{tuple(ref.bboxes.shape)} and '
                                 f'{tuple(other.bboxes.shape)}')
            iou = tubelet_iou_pairwise(ref.bboxes, other.bboxes)
            rows, cols = linear_sum_assignment(-iou.cpu().numpy())
            rows, cols = (torch.as_tensor(i, device=iou.device)
                          for i in (rows, cols))
            keep = iou[rows, cols] >= self.iou_thr
            rows, cols = rows[keep], cols[keep]
            for k in fields:
                sums[k][rows] += other[k][cols]
            count[rows] += 1
        merged = InstanceData(metainfo=ref.metainfo)
        for k in fields:
            scale = count.view(-1, *([1] * (sums[k].dim() - 1)))
            merged[k] = sums[k] / scale
        if 'action_on' in ref:
            merged.action_on = \
                merged.switch_scores >= self.module.test_cfg['switch_thr']
        sample = views[0].clone()
        sample.pred_instances = merged
        return sample
