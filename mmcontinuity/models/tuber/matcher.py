"""Bipartite matching of predicted and ground-truth tubelets (Appendix D)."""
from typing import Tuple

import torch
from mmaction.registry import TASK_UTILS
from mmdet.structures.bbox import bbox_cxcywh_to_xyxy, bbox_overlaps
from scipy.optimize import linear_sum_assignment
from torch import Tensor


def class_probs(cls_logits: Tensor, multi_label: bool) -> Tensor:
    """Sigmoid (multi-label) or softmax (with a last no-action logit)."""
    return cls_logits.sigmoid() if multi_label else cls_logits.softmax(-1)


@TASK_UTILS.register_module()
class TubeletHungarianMatcher:
    """One-to-one assignment δ of ground-truth tubelets to predictions that
    minimises the total cost (Hungarian algorithm, scipy's
    ``linear_sum_assignment``).

    The cost of prediction n for ground-truth tubelet k is::

        w_cls · c_cls(n, k)
        + Σ_t valid(k, t) · [w_bbox · ||b_n,t − b_k,t||_1
                             + w_giou · (1 − GIoU(b_n,t, b_k,t))]

    i.e. the box terms are summed over the frames where the ground-truth
    tubelet exists. ``c_cls`` is −p_n(label_k) for single-label (softmax)
    classification, and minus the mean sigmoid probability of the
    ground-truth labels for multi-label (multi-hot) ground truth.

    Args:
        cls_weight (float): weight of the class cost. Defaults to 5.
        bbox_weight (float): weight of the L1 box cost. Defaults to 2.
        giou_weight (float): weight of the GIoU cost. Defaults to 2.
    """

    def __init__(self,
                 cls_weight: float = 5.,
                 bbox_weight: float = 2.,
                 giou_weight: float = 2.) -> None:
        self.cls_weight = cls_weight
        self.bbox_weight = bbox_weight
        self.giou_weight = giou_weight

    @torch.no_grad()
    def cost(self, cls_logits: Tensor, boxes: Tensor, gt_labels: Tensor,
             gt_boxes: Tensor, gt_valid: Tensor) -> Tensor:
        """Cost matrix between N predictions and K ground-truth tubelets.

        Args:
            cls_logits (Tensor): (N, C) or (N, C + 1) class logits.
            boxes (Tensor): (N, T, 4) predicted normalised cxcywh boxes.
            gt_labels (Tensor): (K,) class indices (softmax) or (K, C)
                multi-hot labels (sigmoid).
            gt_boxes (Tensor): (K, T, 4) normalised cxcywh boxes.
            gt_valid (Tensor): (K, T) bool, the tubelet exists on frame t.

        Returns:
            Tensor: (N, K) cost.
        """
        multi_label = gt_labels.dim() == 2
        probs = class_probs(cls_logits, multi_label)
        if multi_label:
            hot = gt_labels.to(probs.dtype)
            cost_cls = -(probs @ hot.T) / hot.sum(-1).clamp(min=1)
        else:
            cost_cls = -probs[:, gt_labels]
        pred_t = boxes.transpose(0, 1)  # (T, N, 4)
        gt_t = gt_boxes.transpose(0, 1)  # (T, K, 4)
        cost_l1 = torch.cdist(pred_t, gt_t, p=1)  # (T, N, K)
        giou = bbox_overlaps(
            bbox_cxcywh_to_xyxy(pred_t), bbox_cxcywh_to_xyxy(gt_t),
            mode='giou')
        per_frame = self.bbox_weight * cost_l1 + self.giou_weight * (1 - giou)
        valid = gt_valid.T[:, None, :]  # (T, 1, K)
        cost_box = torch.where(valid, per_frame, 0).sum(0)
        return self.cls_weight * cost_cls + cost_box

    def __call__(self, cls_logits: Tensor, boxes: Tensor, gt_labels: Tensor,
                 gt_boxes: Tensor, gt_valid: Tensor) -> Tuple[Tensor, Tensor]:
        """Match one sample (arguments as in :meth:`cost`).

        Returns:
            tuple: (K,) prediction indices and (K,) ground-truth indices of
            the matched pairs, sorted by prediction index.
        """
        num_preds, num_gts = boxes.size(0), gt_boxes.size(0)
        if num_gts > num_preds:
            raise ValueError(f'{num_gts} ground-truth tubelets but only '
                             f'{num_preds} queries: raise num_queries')
        if num_gts == 0:
            empty = torch.zeros(0, dtype=torch.long, device=boxes.device)
            return empty, empty
        cost = self.cost(cls_logits, boxes, gt_labels, gt_boxes, gt_valid)
        pred_inds, gt_inds = linear_sum_assignment(cost.float().cpu().numpy())
        return (torch.as_tensor(pred_inds, device=boxes.device),
                torch.as_tensor(gt_inds, device=boxes.device))
