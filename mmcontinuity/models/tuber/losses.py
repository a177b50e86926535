"""TubeR training losses (Eq. 6.14, Appendix D Eq. D.1-D.6)."""
from typing import Dict, List, Optional

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmaction.registry import MODELS, TASK_UTILS
from mmdet.structures.bbox import bbox_cxcywh_to_xyxy, bbox_overlaps
from torch import Tensor


@MODELS.register_module()
class TubeletCriterion(nn.Module):
    """Hungarian-matched tubelet losses, on every decoder layer.

    ``L = λ1 L_switch + λ2 L_class + λ3 L_box + λ4 L_iou`` (Eq. 6.14 / D.1)
    with δ from :class:`TubeletHungarianMatcher`:

    * ``L_switch`` (D.3): binary cross-entropy of the switch logits of the
      matched predictions against ``action_on`` on all T frames, averaged
      over the matched frames;
    * ``L_class`` (D.2): for multi-hot ground truth, sigmoid binary
      cross-entropy summed over classes and over all queries, unmatched ones
      with all-zero targets weighted ``no_action_weight``, divided by the
      number of ground-truth tubelets; for class-index ground truth, softmax
      cross-entropy over all queries where unmatched queries target the
      no-action class, weighted ``no_action_weight`` (as DETR's no-object
      class);
    * ``L_box`` (D.4): L1 distance of normalised cxcywh boxes on the frames
      where the ground-truth tubelet exists (``valid``);
    * ``L_iou`` (D.5-D.6): ``1 − GIoU`` on the same frames.

    The box terms are divided by the number of valid ground-truth boxes of
    the batch. With ``aux_loss`` the same losses are computed on the outputs
    of every earlier decoder layer (keys prefixed ``d{i}.``).

    Args:
        matcher (dict): config of the matcher (``TASK_UTILS``).
        switch_weight, cls_weight, bbox_weight, giou_weight (float):
            λ1..λ4. Defaults to 1, 5, 2, 2.
        no_action_weight (float): weight of the class targets of unmatched
            queries (the no-action class, or all-zero multi-hot targets).
            Defaults to 0.1.
        aux_loss (bool): add the losses of the intermediate decoder layers.
            Defaults to True.
    """

    def __init__(self,
                 matcher: Optional[dict] = None,
                 switch_weight: float = 1.,
                 cls_weight: float = 5.,
                 bbox_weight: float = 2.,
                 giou_weight: float = 2.,
                 no_action_weight: float = 0.1,
                 aux_loss: bool = True) -> None:
        super().__init__()
        self.matcher = TASK_UTILS.build(
            matcher or dict(type='TubeletHungarianMatcher'))
        self.switch_weight = switch_weight
        self.cls_weight = cls_weight
        self.bbox_weight = bbox_weight
        self.giou_weight = giou_weight
        self.no_action_weight = no_action_weight
        self.aux_loss = aux_loss

    def forward(self, cls_logits: Tensor, boxes: Tensor, switch: Tensor,
                targets: List[dict]) -> Dict[str, Tensor]:
        """Compute the losses of all decoder layers.

        Args:
            cls_logits (Tensor): (L, B, N, C [+1]) class logits.
            boxes (Tensor): (L, B, N, T, 4) normalised cxcywh boxes.
            switch (Tensor): (L, B, N, T) switch logits.
            targets (list[dict]): B dicts with ``labels`` (K,) int64 or
                (K, C) multi-hot, ``boxes`` (K, T, 4) normalised cxcywh,
                ``valid`` (K, T) bool and ``action_on`` (K, T) bool.

        Returns:
            dict[str, Tensor]: ``loss_switch``, ``loss_cls``, ``loss_bbox``,
            ``loss_giou`` of the last layer, and ``d{i}.<name>`` of layer i.
        """
        if len(targets) != boxes.size(1):
            raise ValueError(f'{len(targets)} targets for a batch of '
                             f'{boxes.size(1)}')
        num_layers = boxes.size(0)
        layers = range(num_layers) if self.aux_loss else [num_layers - 1]
        losses = {}
        for layer in layers:
            prefix = '' if layer == num_layers - 1 else f'd{layer}.'
            layer_losses = self.single_layer(cls_logits[layer], boxes[layer],
                                             switch[layer], targets)
            losses.update(
                {prefix + name: value
                 for name, value in layer_losses.items()})
        return losses

    def single_layer(self, cls_logits: Tensor, boxes: Tensor, switch: Tensor,
                     targets: List[dict]) -> Dict[str, Tensor]:
        """Losses of one layer: (B, N, C [+1]), (B, N, T, 4), (B, N, T)."""
        matches = [
            self.matcher(cls_logits[b].detach(), boxes[b].detach(),
                         tgt['labels'], tgt['boxes'], tgt['valid'])
            for b, tgt in enumerate(targets)
        ]
        batch_idx = torch.cat([
            torch.full_like(pred, b) for b, (pred, _) in enumerate(matches)
        ])
        pred_idx = torch.cat([pred for pred, _ in matches])

        def gather(key):
            return torch.cat(
                [tgt[key][gt] for tgt, (_, gt) in zip(targets, matches)])

        gt_boxes, gt_valid = gather('boxes'), gather('valid')
        gt_on, gt_labels = gather('action_on'), gather('labels')
        num_gts = max(len(pred_idx), 1)
        num_boxes = max(int(gt_valid.sum()), 1)

        matched_boxes = boxes[batch_idx, pred_idx][gt_valid]  # (V, 4)
        target_boxes = gt_boxes[gt_valid]
        loss_bbox = F.l1_loss(
            matched_boxes, target_boxes, reduction='sum') / num_boxes
        giou = bbox_overlaps(
            bbox_cxcywh_to_xyxy(matched_boxes),
            bbox_cxcywh_to_xyxy(target_boxes),
            mode='giou',
            is_aligned=True)
        loss_giou = (1 - giou).sum() / num_boxes

        matched_switch = switch[batch_idx, pred_idx]  # (M, T)
        if matched_switch.numel():
            loss_switch = F.binary_cross_entropy_with_logits(
                matched_switch, gt_on.to(matched_switch.dtype))
        else:
            loss_switch = switch.sum() * 0

        loss_cls = self.class_loss(cls_logits, batch_idx, pred_idx, gt_labels,
                                   num_gts)
        return dict(
            loss_switch=self.switch_weight * loss_switch,
            loss_cls=self.cls_weight * loss_cls,
            loss_bbox=self.bbox_weight * loss_bbox,
            loss_giou=self.giou_weight * loss_giou)

    def class_loss(self, cls_logits: Tensor, batch_idx: Tensor,
                   pred_idx: Tensor, gt_labels: Tensor,
                   num_gts: int) -> Tensor:
        """L_class (D.2) over all (B, N) queries; see the class docstring."""
        B, N, C = cls_logits.shape
        if gt_labels.dim() == 2:  # multi-hot: sigmoid
            target = cls_logits.new_zeros(B, N, C)
            target[batch_idx, pred_idx] = gt_labels.to(target.dtype)
            weight = cls_logits.new_full((B, N, 1), self.no_action_weight)
            weight[batch_idx, pred_idx] = 1
            return F.binary_cross_entropy_with_logits(
                cls_logits, target, weight, reduction='sum') / num_gts
        target = torch.full((B, N), C - 1, dtype=torch.long,
                            device=cls_logits.device)
        target[batch_idx, pred_idx] = gt_labels
        weight = cls_logits.new_ones(C)
        weight[-1] = self.no_action_weight
        return F.cross_entropy(
            cls_logits.reshape(B * N, C), target.flatten(), weight=weight)
