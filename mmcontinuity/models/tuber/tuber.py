"""TubeR: tubelet transformer for action detection (Chapter 6, Fig. 6.2)."""
from typing import Dict, List, Optional, Tuple, Union

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmaction.registry import MODELS
from mmdet.structures.bbox import bbox_cxcywh_to_xyxy, bbox_xyxy_to_cxcywh
from mmengine.model import BaseModel
from mmengine.structures import InstanceData
from torch import Tensor


def output_frame_indices(t_in: int, t_out: int,
                         device: Union[str, torch.device] = 'cpu') -> Tensor:
    """Clip frames (0-based) that the T_out output frames stand for.

    Output frame k covers the input frames ``[k·t_in/t_out, (k+1)·t_in/t_out)``
    and is placed on the middle one; ``t_out = t_in`` gives every frame
    (dense tubelets), ``t_out < t_in`` a regular sub-sampling (sparse
    tubelets), from which the ground truth is taken as well (Sec. 6.3.4).
    """
    if not 1 <= t_out <= t_in:
        raise ValueError(f'need 1 <= t_out <= t_in, got {t_out}, {t_in}')
    k = torch.arange(t_out, dtype=torch.float64, device=device)
    return ((k + 0.5) * t_in / t_out).floor().long()


def frame_weights(frames: Tensor, frame: float) -> Tensor:
    """Weights of the linear interpolation on one clip frame between the
    output frames around it (the nearest one outside their range): a
    tubelet's box on ``frame`` is ``Σ_t w_t · b_t``.

    Args:
        frames (Tensor): (T_out,) increasing clip frames of the outputs.
        frame (float): the wanted clip frame (e.g. AVA's key frame).

    Returns:
        Tensor: (T_out,) float32 weights, at most two of them non-zero, that
        sum to 1.
    """
    frame = min(max(float(frame), float(frames[0])), float(frames[-1]))
    k1 = int(torch.searchsorted(frames.float(), frame))
    k0 = max(k1 - 1, 0) if float(frames[k1]) > frame else k1
    weights = torch.zeros(len(frames), device=frames.device)
    if k0 == k1:
        weights[k0] = 1
    else:
        w = (frame - float(frames[k0])) / float(frames[k1] - frames[k0])
        weights[k0], weights[k1] = 1 - w, w
    return weights


def boxes_at_frame(boxes: Tensor, frames: Tensor, frame: float) -> Tensor:
    """Boxes (N, 4) of tubelets (N, T_out, 4) on one clip frame, by
    :func:`frame_weights` of the output ``frames`` (T_out,)."""
    return torch.einsum('ntc,t->nc', boxes,
                        frame_weights(frames, frame).to(boxes.dtype))


def last_feature(feats) -> Tensor:
    """The last output of a backbone that returns one tensor or several."""
    return feats[-1] if isinstance(feats, (tuple, list)) else feats


@MODELS.register_module()
class TubeR(BaseModel):
    """TubeR detector: backbone → 1×1×1 projection → optional temporal
    pooling → encoder → decoder of tubelet queries → box/switch and class
    heads (Fig. 6.2, Eq. 6.1-6.13), the model of the thesis: no anchors, no
    proposals, no person detector.

    Composition (as mmdet's DETR → Deformable DETR → DINO): every part is a
    config-built module and the constructor only wires them.

    * ``queries`` (:class:`TubeletQueries`) holds the N tubelet queries of
      T_out box query embeddings (Sec. 6.3.2) and fixes N and T_out. The
      box head decides how many output frames one box query embedding
      regresses (``bbox_head.frames_per_query``: 1 for tubelet queries,
      T_out for a single query per tubelet, Table 6.1a); the queries get
      ``T_q = T_out / frames_per_query`` embeddings per tubelet.
    * The transformer width d is the positional encoding's; the encoder
      and decoder must have it, the heads and queries get it.
    * Extensions are subclasses: :class:`TwoStreamTubeR` (a flow backbone
      beside the RGB one, overrides :meth:`backbone_feat`) and, beyond the
      thesis, :class:`TubeRWithProposals` (query selection, box refinement;
      overrides :meth:`forward_decoder` and :meth:`loss_by_feat`).

    The embeddings ``Q`` are the decoder input (``F_q = TA(Q)``, Eq. 6.7) and
    also its query positions at every layer. (DETR's decoder input is zero
    instead, with the embeddings as positions only: the first
    self-attention then sees a constant input and its post-norm LayerNorm
    divides by a near-zero deviation, which makes its gradients about 10⁵
    times larger than the rest of the model's and, under the thesis' global
    gradient clipping at 0.1, stalls the training of everything else.)

    The backbone feature (B, C_b, T', H', W') is projected to d and, when
    ``T' > T_out``, average-pooled over time to T_out (sparse tubelets);
    ``T' = T_out`` keeps it (dense tubelets when the backbone keeps
    ``T' = T_in``). The output frames are :func:`output_frame_indices` of
    the clip.

    Args:
        backbone (dict): any mmaction2 3-D backbone config.
        in_channels (int): channels of the backbone output.
        queries (dict): :class:`TubeletQueries` config (``num_frames``
            T_out, ``num_queries`` N; ``embed_dims``, ``frames_per_query``
            and ``positional_encoding`` are filled in).
        positional_encoding (dict): :class:`SinePositionalEncoding3D`
            config; its channels are the transformer width d.
        encoder (dict): :class:`TubeREncoder` config.
        decoder (dict): :class:`TubeRDecoder` config.
        bbox_head (dict): :class:`TubeletBoxHead` config (``embed_dims`` is
            filled in).
        cls_head (dict): :class:`TubeletClsHead` config (``embed_dims`` is
            filled in).
        criterion (dict): :class:`TubeletCriterion` config.
        data_preprocessor (dict): defaults to
            :class:`TubeletDataPreprocessor`.
        test_cfg (dict): ``output``: ``'tubelets'`` (per-frame boxes of
            every tubelet, docs/data_flow.md) or ``'keyframe'`` (key-frame
            boxes normalised by the original frame size and class scores, for
            mmaction2's ``AVAMetric``, :func:`boxes_at_frame`);
            ``switch_thr`` (default 0.5): frames whose switch score reaches
            it are flagged ``action_on``, the others are cut from the
            tubelet (as ``stitch_tubelets`` does; 0 keeps every frame, the
            "w/o switch" row of Table 6.1c with ``switch_weight=0``);
            ``inclusive_boxes`` (default True): pixel boxes are inclusive, as
            in the ACT ground truth (see :meth:`_to_original`).
    """

    outputs = ('tubelets', 'keyframe')

    def __init__(self,
                 backbone: dict,
                 in_channels: int,
                 queries: dict,
                 positional_encoding: Optional[dict] = None,
                 encoder: Optional[dict] = None,
                 decoder: Optional[dict] = None,
                 bbox_head: Optional[dict] = None,
                 cls_head: Optional[dict] = None,
                 criterion: Optional[dict] = None,
                 data_preprocessor: Optional[dict] = None,
                 test_cfg: Optional[dict] = None,
                 init_cfg=None) -> None:
        # built here so that no default registry scope is needed
        super().__init__(
            data_preprocessor=MODELS.build(
                data_preprocessor or dict(type='TubeletDataPreprocessor')),
            init_cfg=init_cfg)
        if cls_head is None:
            raise ValueError('cls_head (with num_classes) is required')
        self.test_cfg = dict(
            output='tubelets', switch_thr=0.5, inclusive_boxes=True)
        self.test_cfg.update(test_cfg or {})
        if self.test_cfg['output'] not in self.outputs:
            raise ValueError(f'test_cfg.output must be one of {self.outputs}'
                             f", got {self.test_cfg['output']!r}")
        # the positional encoding draws no random numbers: building it
        # first keeps the initialisation of the layers after it
        self.positional_encoding = MODELS.build(
            positional_encoding or dict(type='SinePositionalEncoding3D'))
        self.embed_dims = embed_dims = self.positional_encoding.embed_dims
        self.backbone = MODELS.build(backbone)
        self.input_proj = nn.Conv3d(in_channels, embed_dims, kernel_size=1)
        self.encoder = MODELS.build(encoder or dict(type='TubeREncoder'))
        self.decoder = MODELS.build(decoder or dict(type='TubeRDecoder'))
        for name in ('encoder', 'decoder'):
            dims = getattr(self, name).embed_dims
            if dims != embed_dims:
                raise ValueError(f'{name} has {dims} channels, the '
                                 f'positional encoding {embed_dims}')
        self.bbox_head = MODELS.build(
            bbox_head or dict(type='TubeletBoxHead'),
            default_args=dict(embed_dims=embed_dims))
        self.cls_head = MODELS.build(
            cls_head, default_args=dict(embed_dims=embed_dims))
        self.criterion = MODELS.build(
            criterion or dict(type='TubeletCriterion'))
        self.queries = MODELS.build(
            queries,
            default_args=dict(
                embed_dims=embed_dims,
                frames_per_query=self.bbox_head.frames_per_query,
                positional_encoding=self.positional_encoding))

    @property
    def num_frames(self) -> int:
        """Output frames T_out of a tubelet."""
        return self.queries.num_frames

    @property
    def num_queries(self) -> int:
        """Tubelet queries N."""
        return self.queries.num_queries

    # ------------------------------------------------------------ features
    def extract_feat(
            self, inputs: Tensor, padding_mask: Optional[Tensor]
    ) -> Tuple[Tensor, Tensor, Tensor]:
        """Backbone tokens for the transformer.

        Args:
            inputs (Tensor): (B, C, T_in, H, W) clips.
            padding_mask (Tensor, optional): (B, H, W) bool, True on padding.

        Returns:
            tuple: tokens (B, L, d), positions (B, L, d), L = T_out·H'·W',
            and the token mask (B, T_out, H', W'), True on padding.
        """
        x = self.input_proj(self.backbone_feat(inputs))
        B, _, T, H, W = x.shape
        if T < self.num_frames:
            raise ValueError(f'backbone gives {T} frames, fewer than '
                             f'num_frames={self.num_frames}')
        if T > self.num_frames:
            x = F.adaptive_avg_pool3d(x, (self.num_frames, H, W))
        if padding_mask is None:
            mask = x.new_zeros(B, H, W, dtype=torch.bool)
        else:
            mask = F.interpolate(
                padding_mask[:, None].float(), size=(H, W))[:, 0].bool()
        mask = mask[:, None].expand(B, self.num_frames, H, W)
        pos = self.positional_encoding(mask)
        return (x.flatten(2).transpose(1, 2), pos.flatten(2).transpose(1, 2),
                mask)

    def backbone_feat(self, inputs: Tensor) -> Tensor:
        """Backbone feature ``F_b`` (B, C_b, T', H', W') of (B, C, T, H, W)
        clips: the last output of ``backbone``."""
        if inputs.dim() != 5:
            raise ValueError('inputs must be (B, C, T, H, W), got shape '
                             f'{tuple(inputs.shape)}')
        return last_feature(self.backbone(inputs))

    @staticmethod
    def _padding_mask(data_samples: Optional[list]) -> Optional[Tensor]:
        if not data_samples or 'padding_mask' not in data_samples[0]:
            return None
        return torch.stack([s.padding_mask for s in data_samples])

    @staticmethod
    def _long_term_bank(data_samples: Optional[list],
                        device: torch.device) -> Tuple[Tensor, Tensor]:
        """Long-term features (B, 2w+1, t, h, w, C_bank) and their validity
        (B, 2w+1) (``long_term_feats`` and ``long_term_valid`` of every data
        sample, see LoadFeatureBank). The bank holds unflipped frames: the
        grid of a horizontally flipped clip (metainfo ``flip``) is mirrored
        to stay aligned with it."""
        if not data_samples or 'long_term_feats' not in data_samples[0]:
            raise ValueError("context='long' needs `long_term_feats` in the "
                             'data samples (see LoadFeatureBank)')
        feats = torch.stack([
            torch.as_tensor(s.long_term_feats, dtype=torch.float32)
            for s in data_samples
        ]).to(device)
        valid = torch.stack([
            torch.as_tensor(s.long_term_valid, dtype=torch.bool)
            for s in data_samples
        ]).to(device)
        flip = torch.tensor([bool(s.get('flip', False)) for s in data_samples],
                            device=device)
        feats[flip] = feats[flip].flip(-2)
        return feats, valid

    def forward_decoder(self, memory: Tensor, memory_pos: Tensor,
                        grid_mask: Tensor) -> dict:
        """Decode the tubelet queries and regress their boxes.

        Args:
            memory (Tensor): (B, L, d) encoder output ``F_en``.
            memory_pos (Tensor): (B, L, d) its positions.
            grid_mask (Tensor): (B, T_out, H', W') token mask.

        Returns:
            dict: ``feats`` (L, B, N, T_q, d) tubelet features ``F_tub`` of
            every decoder layer, ``boxes`` (L, B, N, T_out, 4) normalised
            cxcywh and ``switch`` logits (L, B, N, T_out).
        """
        queries = self.queries(memory.size(0))
        feats = self.decoder(queries, queries, memory, memory_pos,
                             grid_mask.flatten(1))
        boxes, switch = self.bbox_head(feats)
        return dict(feats=feats, boxes=boxes, switch=switch)

    def forward_transformer(self,
                            inputs: Tensor,
                            data_samples: Optional[list] = None) -> dict:
        """Raw outputs of every decoder layer.

        Returns:
            dict: the outputs of :meth:`forward_decoder` but ``feats``, and
            ``cls_logits`` (L, B, N, C [+1]).
        """
        tokens, pos, grid_mask = self.extract_feat(
            inputs, self._padding_mask(data_samples))
        mask = grid_mask.flatten(1)
        memory = self.encoder(tokens, pos, mask)
        out = self.forward_decoder(memory, pos, grid_mask)
        feats = out.pop('feats')
        bank = bank_valid = None
        if self.cls_head.context == 'long':
            bank, bank_valid = self._long_term_bank(data_samples,
                                                    inputs.device)
        out['cls_logits'] = self.cls_head(feats, tokens, pos, mask, bank,
                                          bank_valid)
        return out

    def _forward(self,
                 inputs: Tensor,
                 data_samples: Optional[list] = None
                 ) -> Tuple[Tensor, Tensor, Tensor]:
        """Class logits (L, B, N, C [+1]), boxes (L, B, N, T_out, 4)
        normalised cxcywh and switch logits (L, B, N, T_out) of every decoder
        layer."""
        out = self.forward_transformer(inputs, data_samples)
        return out['cls_logits'], out['boxes'], out['switch']

    # --------------------------------------------------------------- train
    def _targets(self, sample, t_in: int) -> dict:
        """Ground truth of one sample on the output frames, boxes normalised
        cxcywh: ``labels``, ``boxes``, ``valid`` and ``action_on``.

        The supervision follows the annotation:

        * Per-frame action extents (``gt_instances.action_on``: the built-in
          benchmark, UCF101-24, J-HMDB): a tubelet whose actor is visible
          but acts on none of the output frames (an actor track longer than
          its action) shows no action: it is still matched and regressed,
          its switch target is off everywhere, and its class target is the
          no-action class (all-zero multi-hot labels with sigmoid scores) —
          its action label would be noise, since nothing in the clip shows
          it.
        * Labels of the key frame only (no ``action_on``: AVA, whose
          ``AVATubeletBoxes`` gives the key-frame boxes and, from the entity
          tracks, the boxes of the other frames near an annotation): the
          labels hold for the clip, the switch target is ``valid``, and the
          key frame (metainfo ``key_frame_index``) is supervised as one more
          frame of the tubelet (``key_weights`` (T_out,) of
          :func:`frame_weights`, ``key_boxes`` (K, 4), ``key_valid`` (K,),
          see :meth:`_with_key_frame`), so an actor annotated at the key
          frame alone (a one-timestamp entity, or one with a gap around the
          key frame, valid on no output frame) keeps its labels and box.
        """
        gt = sample.gt_instances
        if (gt.labels.dim() == 2) != self.cls_head.multi_label:
            raise ValueError(
                f'cls_head.multi_label={self.cls_head.multi_label} needs '
                + ('multi-hot (K, C)' if self.cls_head.multi_label else
                   'class-index (K,)') + ' gt_instances.labels, got shape '
                f'{tuple(gt.labels.shape)}')
        idx = output_frame_indices(t_in, self.num_frames, gt.bboxes.device)
        h, w = sample.img_shape
        scale = gt.bboxes.new_tensor([w, h, w, h])
        valid = gt.valid[:, idx].bool()
        labels = gt.labels.clone()
        target = dict(
            labels=labels,
            boxes=bbox_xyxy_to_cxcywh(gt.bboxes[:, idx].float() / scale),
            valid=valid,
            action_on=valid)
        if 'action_on' in gt:  # per-frame action extents
            target['action_on'] = gt.action_on[:, idx].bool()
            idle = ~target['action_on'].any(1)
            labels[idle] = 0 if self.cls_head.multi_label else \
                self.cls_head.num_classes
            return target
        key = sample.metainfo.get('key_frame_index')
        if key is None:
            raise ValueError(
                f"sample {sample.metainfo.get('video_id')!r}: labels without "
                'per-frame action extents (no gt_instances.action_on, as '
                "AVA's) hold at the key frame, which needs metainfo "
                'key_frame_index (AVATubeletBoxes, PackTubeletInputs '
                'meta_keys)')
        target.update(
            key_weights=frame_weights(idx, key),
            key_boxes=bbox_xyxy_to_cxcywh(gt.bboxes[:, key].float() / scale),
            key_valid=gt.valid[:, key].bool())
        return target

    def loss(self, inputs: Tensor, data_samples: list) -> Dict[str, Tensor]:
        """Losses of the outputs (:meth:`loss_by_feat`) against the ground
        truth on the output frames (:meth:`_targets`)."""
        out = self.forward_transformer(inputs, data_samples)
        targets = [self._targets(s, inputs.size(2)) for s in data_samples]
        return self.loss_by_feat(out, targets)

    def loss_by_feat(self, out: dict,
                     targets: List[dict]) -> Dict[str, Tensor]:
        """Losses of Eq. 6.14 on every decoder layer (the criterion's).

        Args:
            out (dict): the output of :meth:`forward_transformer`.
            targets (list[dict]): :meth:`_targets` of every sample.
        """
        boxes, switch, targets = self._with_key_frame(out['boxes'],
                                                      out['switch'], targets)
        return self.criterion(out['cls_logits'], boxes, switch, targets)

    @staticmethod
    def _with_key_frame(boxes: Tensor, switch: Tensor,
                        targets: List[dict]) -> Tuple[Tensor, Tensor, list]:
        """Add the key frame of key-frame-labelled samples (AVA) as one
        more frame of every tubelet: the predicted box and switch logit
        there are interpolated between the output frames as at test time
        (:func:`boxes_at_frame`), ``b_key = Σ_t w_t · b_t``; the target is
        the key-frame box, valid (and the action on) where the entity is
        annotated.

        Args:
            boxes (Tensor): (L, B, N, T_out, 4) predicted boxes.
            switch (Tensor): (L, B, N, T_out) switch logits.
            targets (list[dict]): :meth:`_targets` of the B samples.

        Returns:
            tuple: boxes (L, B, N, T_out + 1, 4), switch (L, B, N,
            T_out + 1) and targets on T_out + 1 frames; the inputs unchanged
            when no sample is labelled at the key frame.
        """
        keyed = ['key_weights' in t for t in targets]
        if not any(keyed):
            return boxes, switch, targets
        if not all(keyed):
            raise ValueError('a batch mixes samples labelled at the key '
                             'frame (AVA) and per frame')
        weights = torch.stack([t['key_weights']
                               for t in targets]).to(boxes.dtype)
        boxes = torch.cat([
            boxes,
            torch.einsum('lbntc,bt->lbnc', boxes, weights)[..., None, :]
        ], -2)
        switch = torch.cat(
            [switch,
             torch.einsum('lbnt,bt->lbn', switch, weights)[..., None]], -1)
        targets = [
            dict(labels=t['labels'],
                 boxes=torch.cat([t['boxes'], t['key_boxes'][:, None]], 1),
                 valid=torch.cat([t['valid'], t['key_valid'][:, None]], 1),
                 action_on=torch.cat([t['action_on'],
                                      t['key_valid'][:, None]], 1))
            for t in targets
        ]
        return boxes, switch, targets

    # ------------------------------------------------------------- predict
    @staticmethod
    def _original_shape(meta: dict) -> Tuple[int, int]:
        """(h, w) of the original frame: metainfo ``ori_shape``, or
        ``original_shape`` as mmaction2's decoders name it."""
        for key in ('ori_shape', 'original_shape'):
            if key in meta:
                return tuple(meta[key][:2])
        raise KeyError('predict needs the original frame size in metainfo '
                       '(ori_shape or original_shape, see the meta_keys of '
                       'the packing transform)')

    def _to_original(self, boxes: Tensor, meta: dict) -> Tensor:
        """Normalised cxcywh boxes (..., 4) of the input image → pixel xyxy
        in the original frame: undo flip, crop (``crop_bbox``) and resize
        (``scale_factor``) in the reverse order of the test pipeline
        Resize → Crop → Flip, then clip to the original frame. With
        ``test_cfg.inclusive_boxes`` the flip is x → W − 1 − x
        (``TubeletFlip``), otherwise x → W − x (mmaction2's ``Flip``)."""
        offset = 1 if self.test_cfg['inclusive_boxes'] else 0
        h, w = meta['img_shape']
        boxes = bbox_cxcywh_to_xyxy(boxes) * boxes.new_tensor([w, h, w, h])
        if meta.get('flip', False):
            boxes = torch.stack(
                (w - offset - boxes[..., 2], boxes[..., 1],
                 w - offset - boxes[..., 0], boxes[..., 3]), -1)
        if 'crop_bbox' in meta:
            x0, y0 = meta['crop_bbox'][:2]
            boxes = boxes + boxes.new_tensor([x0, y0, x0, y0])
        sw, sh = meta.get('scale_factor', (1., 1.))[:2]
        boxes = boxes / boxes.new_tensor([sw, sh, sw, sh])
        ori_h, ori_w = self._original_shape(meta)
        upper = boxes.new_tensor([ori_w, ori_h, ori_w, ori_h]) - offset
        return torch.minimum(boxes.clamp(min=0), upper)

    def predict(self, inputs: Tensor, data_samples: list) -> list:
        """Detect tubelets; fills ``pred_instances`` of every data sample.

        ``test_cfg.output='tubelets'``: ``bboxes`` (N, T_out, 4) pixel xyxy in
        the original frame, ``switch_scores`` (N, T_out), ``action_on``
        (N, T_out) bool (switch ≥ ``switch_thr``), ``scores`` (N, C), metainfo
        ``frame_inds`` of the output frames.
        ``'keyframe'``: ``bboxes`` (N, 4) normalised xyxy and ``scores``
        (N, C) on metainfo ``key_frame_index`` (0-based in the clip; the clip
        centre when absent), see :func:`boxes_at_frame`.
        """
        cls_logits, boxes, switch = self._forward(inputs, data_samples)
        scores = self.cls_head.get_scores(cls_logits[-1])
        switch_scores = switch[-1].sigmoid()
        t_in = inputs.size(2)
        idx = output_frame_indices(t_in, self.num_frames, inputs.device)
        for b, sample in enumerate(data_samples):
            meta = sample.metainfo
            pixel = self._to_original(boxes[-1, b], meta)
            pred = InstanceData()
            if self.test_cfg['output'] == 'keyframe':
                key = meta.get('key_frame_index', t_in // 2)
                ori_h, ori_w = self._original_shape(meta)
                pred.bboxes = boxes_at_frame(pixel, idx, key) / \
                    pixel.new_tensor([ori_w, ori_h, ori_w, ori_h])
                pred.scores = scores[b]
            else:
                pred.bboxes = pixel
                pred.switch_scores = switch_scores[b]
                pred.action_on = \
                    switch_scores[b] >= self.test_cfg['switch_thr']
                pred.scores = scores[b]
                if 'frame_inds' not in meta:
                    raise KeyError('tubelet output needs metainfo frame_inds')
                pred.set_metainfo(
                    dict(frame_inds=torch.as_tensor(
                        meta['frame_inds'])[idx.cpu()].numpy()))
            sample.pred_instances = pred
        return data_samples

    def forward(self,
                inputs: Tensor,
                data_samples: Optional[list] = None,
                mode: str = 'tensor'):
        """``mode``: ``'loss'`` → dict of losses, ``'predict'`` → data samples
        with ``pred_instances``, ``'tensor'`` → raw outputs of
        :meth:`_forward`."""
        if mode == 'loss':
            return self.loss(inputs, data_samples)
        if mode == 'predict':
            return self.predict(inputs, data_samples)
        if mode == 'tensor':
            return self._forward(inputs, data_samples)
        raise RuntimeError(f'Invalid mode {mode!r}: use loss, predict or '
                           'tensor')
