"""Late fusion of the detections of two streams (Sec. 4.3, Table B.1).

A two-stream detector runs an appearance stream (RGB or two-in-one) and a
flow stream, each trained on its own, and merges their detections of a
frame (or of a K-frame clip) at test time. Detections are boxes with one
score per action class, as ``TubeletVideoMAP`` takes them:

* ``boxes``: (N, 4) pixel xyxy for a frame, (N, K, 4) for a tubelet;
* ``scores``: (N, C) class scores in [0, 1] (C action classes, the
  background column removed).

The fusions, as this project defines them (the thesis names them after
Singh et al. [184] and Kalogeiton et al. [106] without formulas):

* :func:`mean_fusion` ("average", the thesis's single-frame choice, and the
  multi-frame "late fusion" of ACT): both SSD streams predict on the same
  default boxes (anchor cuboids), so detection ``i`` of each stream belongs
  to default box ``i``; the fused detection ``i`` is their mean,
  ``b_i = (b^a_i + b^f_i) / 2`` and ``s_i = (s^a_i + s^f_i) / 2``, before
  the per-class NMS. For tubelets ``b`` is the (K, 4) tubelet.
* :func:`boost_fusion`: each appearance box ``i`` is associated with the
  flow box ``j(i)`` of largest IoU if that IoU is at least ``iou_thr``;
  an associated box keeps its appearance box and is boosted by the flow
  scores, ``s_i = s^a_i + s^f_{j(i)}``, an unassociated one keeps
  ``s^a_i``; then every score vector is L1-normalised over the classes,
  ``s_i / ||s_i||_1``. Flow boxes associated with no appearance box are
  retained (their scores L1-normalised as well); associated flow boxes are
  dropped.
* :func:`union_fusion`: the union ``{b^a_i} ∪ {b^f_j}`` of the two sets,
  thinned by a class-aware NMS (label = the best class of a box) with
  threshold ``nms_thr``, since each stream's set has been NMS-ed alone.

All functions are pure: tensors in, tensors out, nothing is modified.
"""
from typing import Tuple

import torch
from torch import Tensor
from torchvision.ops import batched_nms, box_iou

Detections = Tuple[Tensor, Tensor]


def _check(boxes: Tensor, scores: Tensor, name: str,
           tubelets: bool = False) -> None:
    """Raise unless ``boxes`` (N, 4) (or (N, K, 4)) and ``scores`` (N, C)
    describe the same N detections."""
    box_dims = 3 if tubelets else 2
    if boxes.dim() != box_dims or boxes.size(-1) != 4:
        shape = '(N, K, 4)' if tubelets else '(N, 4)'
        raise ValueError(f'{name} boxes must be {shape}, got '
                         f'{tuple(boxes.shape)}')
    if scores.dim() != 2 or scores.size(0) != boxes.size(0):
        raise ValueError(f'{name} scores must be (N, C) with N = '
                         f'{boxes.size(0)} boxes, got {tuple(scores.shape)}')


def _check_classes(scores_a: Tensor, scores_f: Tensor) -> None:
    if scores_a.size(1) != scores_f.size(1):
        raise ValueError(f'the streams score {scores_a.size(1)} and '
                         f'{scores_f.size(1)} classes; they must match')


def mean_fusion(boxes_a: Tensor, scores_a: Tensor, boxes_f: Tensor,
                scores_f: Tensor) -> Detections:
    """Average the two streams' predictions on the same default boxes.

    Args:
        boxes_a (Tensor): (Q, 4) boxes or (Q, K, 4) tubelets of the
            appearance stream, one per default box (cuboid).
        scores_a (Tensor): (Q, C) class scores of the appearance stream.
        boxes_f (Tensor): the flow stream's, same shape as ``boxes_a``.
        scores_f (Tensor): the flow stream's, same shape as ``scores_a``.

    Returns:
        tuple[Tensor, Tensor]: ``(b^a + b^f) / 2`` and ``(s^a + s^f) / 2``.
    """
    tubelets = boxes_a.dim() == 3
    _check(boxes_a, scores_a, 'appearance', tubelets)
    _check(boxes_f, scores_f, 'flow', tubelets)
    if boxes_a.shape != boxes_f.shape or scores_a.shape != scores_f.shape:
        raise ValueError(
            'mean fusion needs predictions on the same default boxes, got '
            f'boxes {tuple(boxes_a.shape)} / {tuple(boxes_f.shape)} and '
            f'scores {tuple(scores_a.shape)} / {tuple(scores_f.shape)}')
    return (boxes_a + boxes_f) / 2, (scores_a + scores_f) / 2


def _l1_normalise(scores: Tensor) -> Tensor:
    """Score vectors divided by their L1 norm over the classes (an all-zero
    vector stays zero)."""
    return scores / scores.abs().sum(1, keepdim=True).clamp(min=1e-12)


def boost_fusion(boxes_a: Tensor,
                 scores_a: Tensor,
                 boxes_f: Tensor,
                 scores_f: Tensor,
                 iou_thr: float = 0.5) -> Detections:
    """Boost the appearance detections with the flow detections they
    overlap; keep the flow detections that overlap none (see the module
    docstring for the definition).

    Args:
        boxes_a (Tensor): (Na, 4) appearance boxes, xyxy.
        scores_a (Tensor): (Na, C) appearance class scores.
        boxes_f (Tensor): (Nf, 4) flow boxes.
        scores_f (Tensor): (Nf, C) flow class scores.
        iou_thr (float): smallest IoU of an association, in [0, 1].

    Returns:
        tuple[Tensor, Tensor]: (Na + Nr, 4) boxes and (Na + Nr, C)
        L1-normalised scores: the appearance boxes in their order, then the
        Nr retained flow boxes in theirs.
    """
    _check(boxes_a, scores_a, 'appearance')
    _check(boxes_f, scores_f, 'flow')
    _check_classes(scores_a, scores_f)
    if not 0 <= iou_thr <= 1:
        raise ValueError(f'iou_thr must be in [0, 1], got {iou_thr}')
    boosted = scores_a.clone()
    retained = torch.ones(len(boxes_f), dtype=torch.bool,
                          device=boxes_f.device)
    if len(boxes_a) and len(boxes_f):
        best_iou, best = box_iou(boxes_a, boxes_f).max(1)
        associated = best_iou >= iou_thr
        boosted[associated] += scores_f[best[associated]]
        retained[best[associated]] = False
    return (torch.cat([boxes_a, boxes_f[retained]]),
            _l1_normalise(torch.cat([boosted, scores_f[retained]])))


def union_fusion(boxes_a: Tensor,
                 scores_a: Tensor,
                 boxes_f: Tensor,
                 scores_f: Tensor,
                 nms_thr: float = 0.45) -> Detections:
    """The union of both streams' detections after a class-aware NMS.

    Args:
        boxes_a (Tensor): (Na, 4) appearance boxes, xyxy.
        scores_a (Tensor): (Na, C) appearance class scores.
        boxes_f (Tensor): (Nf, 4) flow boxes.
        scores_f (Tensor): (Nf, C) flow class scores.
        nms_thr (float): IoU above which a box is suppressed by a better
            box of the same best class, in [0, 1].

    Returns:
        tuple[Tensor, Tensor]: the kept boxes (M, 4) and scores (M, C),
        by decreasing best-class score.
    """
    _check(boxes_a, scores_a, 'appearance')
    _check(boxes_f, scores_f, 'flow')
    _check_classes(scores_a, scores_f)
    if not 0 <= nms_thr <= 1:
        raise ValueError(f'nms_thr must be in [0, 1], got {nms_thr}')
    boxes = torch.cat([boxes_a, boxes_f])
    scores = torch.cat([scores_a, scores_f])
    if not len(boxes):
        return boxes, scores
    best, labels = scores.max(1)
    keep = batched_nms(boxes.float(), best.float(), labels, nms_thr)
    return boxes[keep], scores[keep]
