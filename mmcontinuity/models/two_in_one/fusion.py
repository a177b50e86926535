"""Late fusion of the detections of two streams (Sec. 4.3, Table B.1).

A two-stream detector runs an appearance stream (RGB or two-in-one) and a
flow stream, each trained on its own, and merges their detections of a
frame (or of a K-frame clip) at test time (:class:`TwoStreamSSD`).
Detections are boxes with a score vector:

* ``boxes``: (N, 4) pixel xyxy for a frame, (N, K, 4) for a tubelet;
* ``scores``: (N, C) scores in [0, 1]; :class:`TwoStreamSSD` passes the
  SSD's softmax over the action classes and the background (C = P + 1
  columns, each row sums to 1).

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
  ``s^a_i``; then every score vector is L1-normalised over its columns,
  ``s_i / ||s_i||_1``. Flow boxes associated with no appearance box are
  retained (their scores L1-normalised as well); associated flow boxes are
  dropped. On softmax vectors with the background column an associated
  box thus gets the mean of the two streams' distributions and the others
  keep theirs.
* :func:`union_fusion`: the union ``{b^a_i} ∪ {b^f_j}`` of the two sets,
  thinned by a class-aware NMS (label = the best class of a box) with
  threshold ``nms_thr``, since each stream's set has been NMS-ed alone.

All functions are pure: tensors in, tensors out, nothing is modified.
"""
from typing import List, Optional, Sequence, Tuple

import torch
from mmaction.registry import MODELS
from mmdet.models.layers import multiclass_nms
from mmengine.model import BaseModel
from mmengine.runner import load_checkpoint
from mmengine.structures import InstanceData
from torch import Tensor
from torchvision.ops import batched_nms, box_iou

from ..tuber.two_stage_baseline import ModelSpec, build_from_spec
from .tubelet_ssd import MultiFrameSSD

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


def build_stream(spec: ModelSpec, checkpoint: Optional[str] = None):
    """A stream of a two-stream model from a config file or dict (see
    ``build_from_spec``), with its own training checkpoint loaded; its
    ``init_weights`` then keeps the checkpoint."""
    stream = build_from_spec(spec)
    if checkpoint:
        load_checkpoint(stream, checkpoint, map_location='cpu', strict=True)
        stream._is_init = True
    return stream


@MODELS.register_module()
class TwoStreamSSD(BaseModel):
    """Two SSD streams fused at test time (Table 4.1: two-stream and
    two-in-one + flow; Table B.1: the fusions; late fusion of multi-frame
    streams).

    The appearance stream (an RGB or a two-in-one ``SingleFrameSSD``) and
    the flow stream (a flow ``SingleFrameSSD``) are each trained with their
    own config. The samples carry all the channels the streams need (e.g.
    RGB, flow x, y and its magnitude after ``AddFlowMagnitude``: 6); each
    stream gets its ``*_channels`` and normalises them with its own data
    preprocessor. Per frame, each stream's head gives every default box a
    decoded box (original-frame pixels) and a softmax over the P action
    classes and the background; ``fusion`` merges them (module docstring):

    * ``'mean'``: :func:`mean_fusion` per default box (the streams must
      share the default boxes, as SSD300 streams do);
    * ``'boost'`` / ``'union'``: each stream's own detections (default
      boxes above the head's ``score_thr`` after a class-aware NMS on the
      best action class, ``test_cfg.nms``), merged by
      :func:`boost_fusion` (``iou_thr``) / :func:`union_fusion`.

    The merged boxes go through the appearance head's test-time NMS
    (``multiclass_nms`` with its ``score_thr``, ``nms`` and
    ``max_per_img``); ``pred_instances`` are in ``SingleFrameSSD``'s
    frame-detection format (``bboxes`` (N, 4), ``scores`` (N, P) with each
    detection's score in the column of its class). Inference only.

    Two ``MultiFrameSSD`` streams (K-frame clips, channels first: (C, K, H,
    W) samples) are fused by ACT's late fusion, ``'mean'`` on the anchor
    cuboids' tubelets (Q, K, 4), and the fused tubelets are selected as
    ``TubeletSSDHead.select`` does (the linker does the NMS).

    Args:
        appearance (str | dict): the appearance stream (config file,
            ``dict(config=path, **overrides)`` or model config).
        flow (str | dict): the flow stream, likewise.
        appearance_channels (Sequence[int]): input channels of the
            appearance stream, e.g. ``(0, 1, 2)`` (RGB) or ``(0, 1, 2, 3,
            4)`` (two-in-one: RGB + flow x, y).
        flow_channels (Sequence[int]): input channels of the flow stream.
        fusion (str): ``'mean'``, ``'boost'`` or ``'union'``.
        iou_thr (float): association IoU of ``'boost'``. Defaults to 0.5.
        appearance_checkpoint (str, optional): appearance weights.
        flow_checkpoint (str, optional): flow weights.
        data_preprocessor (dict, optional): of the fused model; defaults to
            MMEngine's ``BaseDataPreprocessor`` (the streams batch).
    """

    fusions = ('mean', 'boost', 'union')

    def __init__(self,
                 appearance: ModelSpec,
                 flow: ModelSpec,
                 appearance_channels: Sequence[int],
                 flow_channels: Sequence[int],
                 fusion: str = 'mean',
                 iou_thr: float = 0.5,
                 appearance_checkpoint: Optional[str] = None,
                 flow_checkpoint: Optional[str] = None,
                 data_preprocessor: Optional[dict] = None,
                 init_cfg=None) -> None:
        super().__init__(
            data_preprocessor=data_preprocessor, init_cfg=init_cfg)
        if fusion not in self.fusions:
            raise ValueError(f'fusion must be one of {self.fusions}, got '
                             f'{fusion!r}')
        self.fusion = fusion
        self.iou_thr = iou_thr
        self.appearance_channels = list(appearance_channels)
        self.flow_channels = list(flow_channels)
        self.appearance = build_stream(appearance, appearance_checkpoint)
        self.flow = build_stream(flow, flow_checkpoint)
        self.multi_frame = isinstance(self.appearance, MultiFrameSSD)
        if self.multi_frame != isinstance(self.flow, MultiFrameSSD):
            raise ValueError('the streams must both be single-frame or both '
                             'multi-frame SSDs')
        if self.multi_frame and fusion != 'mean':
            raise ValueError("multi-frame streams are fused by the late "
                             f"fusion, fusion='mean', got {fusion!r}")

    @staticmethod
    def dense_predictions(stream, inputs: List[Tensor],
                          data_samples: list) -> List[Detections]:
        """Every default box (anchor cuboid) of every sample: boxes (Q, 4)
        (single-frame stream) or tubelets (Q, K, 4) (multi-frame) in
        original-frame pixels, and the softmax (Q, P + 1) of the stream's
        head (background last, as in mmdet).

        Args:
            stream: a ``SingleFrameSSD`` or ``MultiFrameSSD``.
            inputs (list[Tensor]): B samples (C, K, H, W) of its channels.
            data_samples (list): their data samples (``img_shape``,
                ``scale_factor``).
        """
        data = stream.data_preprocessor(
            dict(inputs=inputs,
                 data_samples=[s.clone() for s in data_samples]), False)
        head = stream.bbox_head
        cls_scores, bbox_preds = head(
            stream.extract_feat(stream._frames(data['inputs'])))
        b = cls_scores[0].size(0)
        priors = torch.cat(head.prior_generator.grid_priors(
            [c.shape[-2:] for c in cls_scores], device=cls_scores[0].device))
        logits = torch.cat([
            c.permute(0, 2, 3, 1).reshape(b, -1, head.cls_out_channels)
            for c in cls_scores], 1)
        deltas = torch.cat(
            [d.permute(0, 2, 3, 1).reshape(b, -1, 4) for d in bbox_preds],
            1).view(b, priors.size(0), -1, 4)  # (B, Q, K, 4), K = 1 or K
        outputs = []
        for sample, logit, delta in zip(data['data_samples'], logits,
                                        deltas):
            k = delta.size(1)
            boxes = head.bbox_coder.decode(
                priors[:, None].expand(-1, k, -1).reshape(-1, 4),
                delta.reshape(-1, 4),
                max_shape=sample.metainfo['img_shape']).view(-1, k, 4)
            scale = boxes.new_tensor(sample.metainfo['scale_factor'])
            boxes = boxes / scale.repeat(2)
            if not isinstance(stream, MultiFrameSSD):
                boxes = boxes[:, 0]
            outputs.append((boxes, logit.softmax(-1)))
        return outputs

    @staticmethod
    def stream_detections(boxes: Tensor, probs: Tensor,
                          test_cfg: dict) -> Detections:
        """A stream's own detections with their whole distributions: the
        default boxes whose best action class scores at least
        ``test_cfg.score_thr``, after a class-aware NMS on that class."""
        best, labels = probs[:, :-1].max(1)
        keep = torch.nonzero(best >= test_cfg['score_thr']).flatten()
        keep = keep[batched_nms(boxes[keep], best[keep], labels[keep],
                                test_cfg['nms']['iou_threshold'])]
        return boxes[keep], probs[keep]

    def _split(self, inputs: List[Tensor], data_samples: list):
        needed = max(self.appearance_channels + self.flow_channels) + 1
        for clip, sample in zip(inputs, data_samples):
            if clip.dim() != 4 or clip.size(0) < needed:
                raise ValueError(
                    f"sample {sample.metainfo.get('video_id')!r}: "
                    f'TwoStreamSSD needs (C >= {needed}, K, H, W) frames '
                    f'(RGB + flow), got shape {tuple(clip.shape)}')
        return ([clip[self.appearance_channels] for clip in inputs],
                [clip[self.flow_channels] for clip in inputs])

    def predict(self, inputs: List[Tensor], data_samples: list) -> list:
        """Fused detections of every frame as ``pred_instances``."""
        appearance_inputs, flow_inputs = self._split(inputs, data_samples)
        appearance = self.dense_predictions(self.appearance,
                                            appearance_inputs, data_samples)
        flow = self.dense_predictions(self.flow, flow_inputs, data_samples)
        test_cfg = self.appearance.bbox_head.test_cfg
        for sample, dense_a, dense_f in zip(data_samples, appearance, flow):
            if self.multi_frame:
                sample.pred_instances = self.appearance.bbox_head.select(
                    *mean_fusion(*dense_a, *dense_f))
                continue
            if self.fusion == 'mean':
                boxes, probs = mean_fusion(*dense_a, *dense_f)
            else:
                dets_a = self.stream_detections(*dense_a, test_cfg)
                dets_f = self.stream_detections(
                    *dense_f, self.flow.bbox_head.test_cfg)
                boxes, probs = (
                    boost_fusion(*dets_a, *dets_f, iou_thr=self.iou_thr)
                    if self.fusion == 'boost' else union_fusion(
                        *dets_a, *dets_f,
                        nms_thr=test_cfg['nms']['iou_threshold']))
            dets, labels = multiclass_nms(boxes, probs, test_cfg['score_thr'],
                                          test_cfg['nms'],
                                          test_cfg['max_per_img'])
            scores = dets.new_zeros(len(dets), probs.size(1) - 1)
            scores[torch.arange(len(dets)), labels] = dets[:, 4]
            sample.pred_instances = InstanceData(bboxes=dets[:, :4],
                                                 scores=scores)
        return data_samples

    def forward(self, inputs, data_samples=None, mode: str = 'predict'):
        """``mode='predict'`` only: the streams are trained separately."""
        if mode != 'predict':
            raise RuntimeError(
                f'TwoStreamSSD only predicts, got mode={mode!r}: train the '
                'appearance and the flow stream with their own configs')
        with torch.no_grad():
            return self.predict(list(inputs), data_samples)
