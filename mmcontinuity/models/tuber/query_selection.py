"""Query selection for TubeR: per-clip anchors from tubelet proposals at
the encoder tokens of highest actorness — the two-stage DETR convergence
aid of :class:`TubeRWithProposals` (not part of the thesis' model)."""
from typing import Dict, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmaction.registry import MODELS
from mmdet.structures.bbox import bbox_cxcywh_to_xyxy, bbox_overlaps
from mmengine.model import BaseModule, bias_init_with_prob
from torch import Tensor
from torchvision.ops import sigmoid_focal_loss


@MODELS.register_module()
class TubeletQuerySelection(BaseModule):
    """Anchor the N tubelet queries of a clip at the tubelet proposals of
    its N memory tokens of highest actorness.

    * Actorness is a linear score of the memory tokens (B, T, H, W),
      averaged over time for the selection (the query selection of
      two-stage Deformable DETR); it is trained with a focal loss whose
      positives are given by :meth:`positive_tokens` (``loss_actorness``).
    * Tubelet proposals: a linear layer regresses from every memory token
      (t, y, x) the box on frame t of the actor anchored at (y, x), relative
      to the token's anchor box (its centre and ``anchor_size``; the
      regression is zero at initialisation):
      ``p_t,y,x = sigmoid(Linear_p(m_t,y,x) + sigmoid⁻¹(a_y,x))``. The
      selected token's boxes are the per-frame anchors of its query. An
      actor is anchored at the token of its mean box centre over the clip's
      frames, where the proposals learn its boxes (``loss_proposal_bbox``:
      L1, ``loss_proposal_giou``: 1 − GIoU) — dense supervision of the
      localisation, which set prediction alone learns slowly.
    * Dense heads: the proposals also predict the action switch and the
      class at their token (``loss_proposal_switch``, ``loss_proposal_cls``),
      auxiliary losses that make the memory at an actor hold what the
      decoder queries started from it (``content``) need to tell.

    The module owns the weights of its five losses.

    Args:
        embed_dims (int): memory channels d.
        num_queries (int): tubelet queries N.
        query_frames (int): box queries per tubelet T_q (T_out for tubelet
            queries, 1 for a single query: anchors and content are then
            averaged over the frames).
        num_cls_logits (int): class logits of the dense class head (the
            classification head's, with its no-action logit).
        multi_label (bool): multi-hot labels with sigmoid scores.
        anchor_size (float): normalised width and height of the token
            anchor boxes. Defaults to 0.1.
        actorness_weight (float): weight of ``loss_actorness``. Defaults
            to 1.
        bbox_weight, giou_weight (float): weights of the proposal box losses.
            Default to 2 and 2 (the thesis' box loss weights).
        switch_weight, cls_weight (float): weights of the dense switch and
            class losses. Default to 0.2 and 1 (a fifth of the thesis'
            switch and class weights).
    """

    def __init__(self,
                 embed_dims: int,
                 num_queries: int,
                 query_frames: int,
                 num_cls_logits: int,
                 multi_label: bool = False,
                 anchor_size: float = 0.1,
                 actorness_weight: float = 1.,
                 bbox_weight: float = 2.,
                 giou_weight: float = 2.,
                 switch_weight: float = 0.2,
                 cls_weight: float = 1.,
                 init_cfg=None) -> None:
        super().__init__(init_cfg=init_cfg)
        if not 0 < anchor_size < 1:
            raise ValueError(
                f'anchor_size must be in (0, 1), got {anchor_size}')
        self.num_queries = num_queries
        self.query_frames = query_frames
        self.anchor_size = float(anchor_size)
        self.multi_label = multi_label
        self.actorness_weight = actorness_weight
        self.bbox_weight = bbox_weight
        self.giou_weight = giou_weight
        self.switch_weight = switch_weight
        self.cls_weight = cls_weight
        self.actorness = nn.Linear(embed_dims, 1)
        nn.init.constant_(self.actorness.bias, bias_init_with_prob(0.01))
        self.proposal = nn.Linear(embed_dims, 4)
        nn.init.zeros_(self.proposal.weight)
        nn.init.zeros_(self.proposal.bias)
        self.proposal_switch = nn.Linear(embed_dims, 1)
        self.proposal_cls = nn.Linear(embed_dims, num_cls_logits)

    @staticmethod
    def valid_extent(mask: Tensor) -> Tuple[Tensor, Tensor]:
        """Unpadded rows and columns (B,) of a (B, T, H, W) token mask."""
        valid = ~mask[:, 0]
        return valid.any(2).sum(1), valid.any(1).sum(1)

    def forward(self, memory: Tensor, mask: Tensor) -> dict:
        """Select the anchors of a batch of clips.

        Args:
            memory (Tensor): (B, L, d) encoder output, L = T·H·W.
            mask (Tensor): (B, T, H, W) bool token mask, True on padding.

        Returns:
            dict: ``anchors``, logits (B, N, T_q, 4) of normalised cxcywh
            boxes (the selection is not differentiable), ``content``
            (B, N, T_q, d), the detached memory of the selected tokens,
            ``actorness`` logits (B, T, H, W), the ``proposals``
            (B, T, H, W, 4), normalised cxcywh boxes of every token, and the
            ``proposal_switch`` (B, T, H, W) and ``proposal_cls``
            (B, T, H, W, C) logits.
        """
        B, T, H, W = mask.shape
        if self.num_queries > H * W:
            raise ValueError(f'query selection needs at most H*W={H * W} '
                             f'queries, got {self.num_queries}')
        actorness = self.actorness(memory).view(B, T, H, W)
        score = actorness.detach().mean(1).masked_fill(mask[:, 0], -1e4)
        top = score.flatten(1).topk(self.num_queries, dim=1).indices
        rows, cols = self.valid_extent(mask)
        cells = torch.arange(H * W, device=memory.device)
        centres = torch.stack([(cells % W + 0.5) / cols[:, None],
                               (cells // W + 0.5) / rows[:, None]], -1)
        tokens = torch.cat(  # (B, H·W, 4) anchor box of every token
            [centres, centres.new_full(centres.shape, self.anchor_size)], -1)
        t_q = self.query_frames
        content = memory.detach().view(B, T, H * W, -1).gather(
            2, top[:, None, :, None].expand(-1, T, -1, memory.size(-1)))
        content = content.transpose(1, 2)  # (B, N, T, d)
        out = dict(actorness=actorness,
                   content=content if t_q == T else content.mean(
                       2, keepdim=True))
        proposals = (self.proposal(memory).view(B, T, H * W, 4) +
                     torch.logit(tokens, eps=1e-4)[:, None]).sigmoid()
        out['proposals'] = proposals.view(B, T, H, W, 4)
        out['proposal_switch'] = self.proposal_switch(memory).view(
            B, T, H, W)
        out['proposal_cls'] = self.proposal_cls(memory).view(B, T, H, W, -1)
        anchors = proposals.detach().gather(
            2, top[:, None, :, None].expand(-1, T, -1, 4)).transpose(1, 2)
        if t_q != T:  # one query per tubelet: the mean box
            anchors = anchors.mean(2, keepdim=True)
        out['anchors'] = torch.logit(anchors, eps=1e-4)
        return out

    def positive_tokens(self, mask: Tensor,
                        targets: list) -> Tuple[Tensor, dict]:
        """The tokens trained as actors, one per ground-truth box.

        On every output frame t where ground-truth tubelet k exists, the
        token (t, y, x) holding its mean box centre over the frames where it
        exists (the token whose selection anchors the whole tubelet).

        Args:
            mask (Tensor): (B, T, H, W) bool token mask, True on padding.
            targets (list[dict]): TubeR's targets, ``boxes`` (K, T, 4)
                normalised cxcywh, ``valid`` / ``action_on`` (K, T),
                ``labels`` (K,) or (K, C).

        Returns:
            tuple: (4, P) long indices (b, t, y, x) into the (B, T, H, W)
            token grid, and the ground truth of the P positives: ``boxes``
            (P, 4) normalised cxcywh on their frames, ``action_on`` (P,) and
            ``labels`` (P,) or (P, C) of their tubelets.
        """
        rows, cols = self.valid_extent(mask)
        index, gts = [], []
        for b, tgt in enumerate(targets):
            valid = tgt['valid']
            k, t = torch.nonzero(valid, as_tuple=True)
            weight = valid[..., None].to(tgt['boxes'].dtype)
            centre = ((tgt['boxes'][..., :2] * weight).sum(1) /
                      weight.sum(1).clamp(min=1))[k]
            x = (centre[:, 0] * cols[b]).long().clamp(0, int(cols[b]) - 1)
            y = (centre[:, 1] * rows[b]).long().clamp(0, int(rows[b]) - 1)
            index.append(torch.stack([torch.full_like(t, b), t, y, x]))
            gts.append(dict(boxes=tgt['boxes'][k, t],
                            action_on=tgt['action_on'][k, t],
                            labels=tgt['labels'][k]))
        return torch.cat(index, 1), {
            key: torch.cat([gt[key] for gt in gts]) for key in gts[0]}

    @staticmethod
    def actorness_loss(actorness: Tensor, mask: Tensor,
                       positives: Tensor) -> Tensor:
        """Focal loss of the actorness logits (B, T, H, W) with the
        ``positives`` (4, P) of :meth:`positive_tokens`, normalised by the
        number of positive tokens."""
        target = torch.zeros_like(actorness)
        target[tuple(positives)] = 1
        loss = sigmoid_focal_loss(actorness, target, reduction='none')
        return loss.masked_fill(mask, 0).sum() / target.sum().clamp(min=1)

    def proposal_losses(self, out: dict, positives: Tensor,
                        gt: dict) -> Dict[str, Tensor]:
        """Losses of the tubelet proposals at the positive tokens (4, P)
        against their ground truth ``gt`` (of :meth:`positive_tokens`),
        averaged over the P positives: L1 and 1 − GIoU of the ``proposals``
        (B, T, H, W, 4), the binary cross-entropy of the
        ``proposal_switch`` logits (B, T, H, W) against ``action_on`` and
        the class loss of the ``proposal_cls`` logits (B, T, H, W, C):
        cross-entropy (idle tubelets: the no-action class) or, for multi-hot
        labels, the binary cross-entropy summed over classes."""
        index = tuple(positives)
        pred = out['proposals'][index]
        num = max(len(pred), 1)
        giou = bbox_overlaps(bbox_cxcywh_to_xyxy(pred),
                             bbox_cxcywh_to_xyxy(gt['boxes']), mode='giou',
                             is_aligned=True)
        losses = dict(
            loss_proposal_bbox=self.bbox_weight *
            F.l1_loss(pred, gt['boxes'], reduction='sum') / num,
            loss_proposal_giou=self.giou_weight * (1 - giou).sum() / num)
        switch = out['proposal_switch'][index]
        losses['loss_proposal_switch'] = self.switch_weight * \
            F.binary_cross_entropy_with_logits(
                switch, gt['action_on'].to(switch.dtype),
                reduction='sum') / num
        logits = out['proposal_cls'][index]
        if self.multi_label:
            cls = F.binary_cross_entropy_with_logits(
                logits, gt['labels'].to(logits.dtype), reduction='sum')
        else:
            cls = F.cross_entropy(logits, gt['labels'], reduction='sum')
        losses['loss_proposal_cls'] = self.cls_weight * cls / num
        return losses

    def loss(self, out: dict, mask: Tensor,
             targets: list) -> Dict[str, Tensor]:
        """All losses of the selection: ``loss_actorness`` and
        :meth:`proposal_losses`.

        Args:
            out (dict): the output of :meth:`forward`.
            mask (Tensor): (B, T, H, W) bool token mask.
            targets (list[dict]): see :meth:`positive_tokens`.
        """
        positives, gt = self.positive_tokens(mask, targets)
        losses = dict(loss_actorness=self.actorness_weight *
                      self.actorness_loss(out['actorness'], mask, positives))
        losses.update(self.proposal_losses(out, positives, gt))
        return losses
