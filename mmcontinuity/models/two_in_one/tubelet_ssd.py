"""Multi-frame (ACT-style) SSD action detectors: K stacked frames, anchor
cuboids shared over time, tubelet regression and classification (thesis
Sec. 4.4, "based on multiple frames [106]"; Kalogeiton et al., ICCV 2017).
"""
from typing import List, Optional, Sequence, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmaction.registry import MODELS as ACTION_MODELS
from mmdet.models.dense_heads import SSDHead
from mmdet.models.losses import smooth_l1_loss
from mmdet.registry import MODELS as DET_MODELS
from mmengine.structures import InstanceData
from torch import Tensor
from torchvision.ops import box_iou

from .ssd import SingleFrameSSD


def tubelet_iou(priors: Tensor, tubelets: Tensor) -> Tensor:
    """Mean IoU over the K frames between anchor cuboids (a default box
    repeated over time) and tubelets.

    Args:
        priors (Tensor): (Q, 4) default boxes, xyxy.
        tubelets (Tensor): (G, K, 4) tubelets, xyxy.

    Returns:
        Tensor: (Q, G), ``mean_k IoU(priors, tubelets[:, k])``.
    """
    return torch.stack([box_iou(priors, tubelets[:, k])
                        for k in range(tubelets.size(1))]).mean(0)


@DET_MODELS.register_module()
class TubeletSSDHead(SSDHead):
    """SSD head on K stacked frames (ACT): per default box (anchor cuboid,
    the same box on every frame) one softmax over the P classes and the
    background, and K box regressions, one per frame.

    The per-level features of the K frames are stacked along channels
    (``K * in_channels[l]``); the classification convolutions are SSD's on
    them, the regression ones output ``4 K`` offsets per default box (the
    (cx, cy, w, h) offsets of Eq. 4.9 for every frame).

    Training (Eq. 4.7-4.9 on cuboids): an anchor cuboid is positive for the
    ground-truth tubelet of largest mean IoU over the K frames
    (:func:`tubelet_iou`) when that IoU is at least
    ``train_cfg.assigner.pos_iou_thr`` (and each tubelet's best cuboid is
    positive); the others with an IoU below ``neg_iou_thr`` are negatives,
    of which the ``neg_pos_ratio`` times the positives with the largest
    confidence losses count (hard negative mining). ``L = (L_conf +
    L_loc) / N``: softmax cross-entropy and smooth-L1 (``smoothl1_beta``)
    over the K frames' offsets, N the positives of the batch. Only the
    actors visible on all K frames are ground truth.

    Inference: the cuboids whose best action class scores at least
    ``test_cfg.score_thr``, at most ``test_cfg.max_per_img`` by that score,
    as tubelets (N, K, 4) in the original frames with their P class
    probabilities; the per-class tubelet NMS is the linker's
    (``TubeletVideoMAP(linking='act')``).

    Args:
        num_frames (int): K. Defaults to 6 (ACT, the thesis).
        in_channels (Sequence[int]): channels of each level for one frame.
        **kwargs: the arguments of mmdet's ``SSDHead``.
    """

    def __init__(self,
                 num_frames: int = 6,
                 in_channels: Sequence[int] = (512, 1024, 512, 256, 256,
                                               256),
                 **kwargs) -> None:
        if num_frames < 1:
            raise ValueError(f'num_frames must be >= 1, got {num_frames}')
        self.num_frames = num_frames
        super().__init__(
            in_channels=[c * num_frames for c in in_channels], **kwargs)

    def _init_layers(self) -> None:
        """SSD's layers with 4 K regression outputs per default box."""
        super()._init_layers()
        for reg, num_priors in zip(self.reg_convs, self.num_base_priors):
            last = reg[-1]
            reg[-1] = nn.Conv2d(last.in_channels,
                                num_priors * 4 * self.num_frames,
                                last.kernel_size, padding=last.padding)

    def _flatten(self, cls_scores: List[Tensor], bbox_preds: List[Tensor]
                 ) -> Tuple[Tensor, Tensor, Tensor]:
        """Priors (Q, 4), logits (B, Q, P + 1) and offsets (B, Q, K, 4) of
        all levels, in mmdet's prior order."""
        b = cls_scores[0].size(0)
        priors = torch.cat(self.prior_generator.grid_priors(
            [c.shape[-2:] for c in cls_scores], device=cls_scores[0].device))
        logits = torch.cat([
            c.permute(0, 2, 3, 1).reshape(b, -1, self.cls_out_channels)
            for c in cls_scores], 1)
        deltas = torch.cat([
            d.permute(0, 2, 3, 1).reshape(b, -1, self.num_frames, 4)
            for d in bbox_preds], 1)
        return priors, logits, deltas

    def _targets(self, priors: Tensor, gt: InstanceData
                 ) -> Tuple[Tensor, Tensor, Tensor]:
        """Labels (Q,) (background: P), negatives (Q,) bool and offsets
        (Q, K, 4) (zero but on the positives) of one clip's cuboids."""
        assigner = self.train_cfg['assigner']
        q, k = priors.size(0), self.num_frames
        labels = priors.new_full((q, ), self.num_classes, dtype=torch.long)
        targets = priors.new_zeros(q, k, 4)
        if len(gt) == 0:
            return labels, torch.ones_like(labels, dtype=torch.bool), targets
        iou = tubelet_iou(priors, gt.bboxes)
        best_iou, best_gt = iou.max(1)
        positive = best_iou >= assigner['pos_iou_thr']
        negative = best_iou < assigner['neg_iou_thr']
        forced = iou.argmax(0)  # each tubelet's best cuboid
        best_gt[forced] = torch.arange(len(gt), device=priors.device)
        positive[forced] = True
        negative &= ~positive
        labels[positive] = gt.labels[best_gt[positive]]
        matched = gt.bboxes[best_gt[positive]]  # (n, K, 4)
        targets[positive] = self.bbox_coder.encode(
            priors[positive, None].expand(-1, k, -1).reshape(-1, 4),
            matched.reshape(-1, 4)).view(-1, k, 4)
        return labels, negative, targets

    def loss_by_feat(self,
                     cls_scores: List[Tensor],
                     bbox_preds: List[Tensor],
                     batch_gt_instances: List[InstanceData],
                     batch_img_metas: List[dict],
                     batch_gt_instances_ignore=None) -> dict:
        """Multibox loss on anchor cuboids (see the class docstring).

        Args:
            cls_scores (list[Tensor]): per level (B, A * (P + 1), H, W).
            bbox_preds (list[Tensor]): per level (B, A * 4 K, H, W).
            batch_gt_instances (list[InstanceData]): ``bboxes`` (G, K, 4)
                tubelets and ``labels`` (G,) per clip.
            batch_img_metas (list[dict]): unused (the default boxes are in
                input pixels).
        """
        priors, logits, deltas = self._flatten(cls_scores, bbox_preds)
        ratio = self.train_cfg['neg_pos_ratio']
        cls_sum, reg_sum, num_pos = 0, 0, 0
        for logit, delta, gt in zip(logits, deltas, batch_gt_instances):
            labels, negative, targets = self._targets(priors, gt)
            positive = labels < self.num_classes
            loss = F.cross_entropy(logit, labels, reduction='none')
            hard = loss[negative].topk(
                min(ratio * int(positive.sum()), int(negative.sum())))[0]
            cls_sum = cls_sum + loss[positive].sum() + hard.sum()
            reg_sum = reg_sum + smooth_l1_loss(
                delta[positive], targets[positive],
                beta=self.train_cfg['smoothl1_beta'], reduction='sum')
            num_pos += int(positive.sum())
        num_pos = max(num_pos, 1)
        return dict(loss_cls=cls_sum / num_pos, loss_bbox=reg_sum / num_pos)

    def decode(self, priors: Tensor, deltas: Tensor, meta: dict,
               rescale: bool = True) -> Tensor:
        """Tubelets (Q, K, 4) of the cuboids ``priors`` (Q, 4) with
        offsets ``deltas`` (Q, K, 4), in the original frames with
        ``rescale`` (``meta``: ``img_shape``, ``scale_factor``)."""
        k = deltas.size(1)
        boxes = self.bbox_coder.decode(
            priors[:, None].expand(-1, k, -1).reshape(-1, 4),
            deltas.reshape(-1, 4), max_shape=meta['img_shape']).view(-1, k, 4)
        if rescale:
            boxes = boxes / boxes.new_tensor(meta['scale_factor']).repeat(2)
        return boxes

    def select(self, tubelets: Tensor, probs: Tensor) -> InstanceData:
        """The test-time output: of (Q, K, 4) tubelets and their (Q, P + 1)
        softmax, those whose best action class scores at least
        ``test_cfg.score_thr``, at most ``test_cfg.max_per_img`` by that
        score, with ``scores`` (N, P)."""
        probs = probs[:, :-1]
        best = probs.max(1)[0]
        keep = torch.nonzero(best >= self.test_cfg['score_thr']).flatten()
        keep = keep[best[keep].argsort(descending=True)
                    [:self.test_cfg['max_per_img']]]
        return InstanceData(bboxes=tubelets[keep], scores=probs[keep])

    def predict_by_feat(self,
                        cls_scores: List[Tensor],
                        bbox_preds: List[Tensor],
                        batch_img_metas: Optional[List[dict]] = None,
                        rescale: bool = True,
                        **kwargs) -> List[InstanceData]:
        """Tubelets of every clip (:meth:`select`): ``bboxes`` (N, K, 4)
        (original frames with ``rescale``) and ``scores`` (N, P)."""
        priors, logits, deltas = self._flatten(cls_scores, bbox_preds)
        return [
            self.select(self.decode(priors, delta, meta, rescale),
                        logit.softmax(-1))
            for logit, delta, meta in zip(logits, deltas, batch_img_metas)
        ]


@ACTION_MODELS.register_module()
class MultiFrameSSD(SingleFrameSSD):
    """ACT-style SSD on K consecutive frames (``ACTTubeletDataset`` in
    ``'clip'`` mode, ``clip_len`` = K): the backbone and neck of
    :class:`SingleFrameSSD` run on every frame with shared weights and a
    :class:`TubeletSSDHead` predicts tubelets from their stacked features.
    RGB, flow and two-in-one streams differ by backbone and input channels
    as in :class:`SingleFrameSSD` (a two-in-one frame is modulated by its
    own flow).

    Prediction: ``pred_instances`` in the tubelet format of
    ``TubeletVideoMAP(linking='act')``: ``bboxes`` (N, K, 4), ``scores``
    (N, P); the clip's ``frame_inds`` are in its metainfo.

    Args: those of :class:`SingleFrameSSD`; ``bbox_head`` is a
    :class:`TubeletSSDHead`.
    """

    def _frames(self, inputs: Tensor) -> Tensor:
        """(B, C, K, H, W) clips -> (B K, C, H, W) frames, clip-major."""
        k = self.bbox_head.num_frames
        if inputs.dim() != 5 or inputs.size(2) != k:
            raise ValueError(f'a {k}-frame detector takes clips of {k} '
                             f'frames, (B, C, {k}, H, W); got '
                             f'{tuple(inputs.shape)}')
        return inputs.transpose(1, 2).flatten(0, 1)

    def extract_feat(self, frames: Tensor) -> Tuple[Tensor, ...]:
        """Per-level features of the K frames of each clip, stacked along
        channels: (B K, C, H, W) frames -> per level (B, K C_l, H_l, W_l).
        """
        k = self.bbox_head.num_frames
        return tuple(
            feat.view(-1, k * feat.size(1), *feat.shape[2:])
            for feat in super().extract_feat(frames))

    def _frame_gt(self, sample) -> InstanceData:
        """The tubelets of the actors visible on all K frames: ``bboxes``
        (G, K, 4), ``labels`` (G,)."""
        gt = sample.gt_instances
        full = gt.valid.all(1) if 'valid' in gt else torch.ones(
            len(gt), dtype=torch.bool, device=gt.bboxes.device)
        return InstanceData(bboxes=gt.bboxes[full], labels=gt.labels[full])

    def predict(self, inputs: Tensor, data_samples: list,
                rescale: bool = True) -> list:
        """Tubelets of every clip as ``pred_instances`` (see above)."""
        outs = self.bbox_head(self.extract_feat(self._frames(inputs)))
        results = self.bbox_head.predict_by_feat(
            *outs, batch_img_metas=[s.metainfo for s in data_samples],
            rescale=rescale)
        for sample, tubelets in zip(data_samples, results):
            sample.pred_instances = tubelets
        return data_samples
