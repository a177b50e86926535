"""TubeR: tubelet transformer for action detection (Chapter 6, Fig. 6.2)."""
from typing import Dict, Optional, Tuple, Union

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmaction.registry import MODELS
from mmdet.structures.bbox import bbox_cxcywh_to_xyxy, bbox_xyxy_to_cxcywh
from mmengine.model import BaseModel
from mmengine.structures import InstanceData
from torch import Tensor

from .positional_encoding import sine_embed
from .query_selection import TubeletQuerySelection


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


def boxes_at_frame(boxes: Tensor, frames: Tensor, frame: float) -> Tensor:
    """Boxes of a tubelet on one clip frame, linearly interpolated between
    the output frames around it (the nearest one outside their range).

    Args:
        boxes (Tensor): (N, T_out, 4) boxes on the output frames.
        frames (Tensor): (T_out,) increasing clip frames of the outputs.
        frame (float): the wanted clip frame (e.g. AVA's key frame).

    Returns:
        Tensor: (N, 4) boxes.
    """
    frame = min(max(float(frame), float(frames[0])), float(frames[-1]))
    k1 = int(torch.searchsorted(frames.float(), frame))
    k0 = max(k1 - 1, 0) if float(frames[k1]) > frame else k1
    if k0 == k1:
        return boxes[:, k0]
    w = (frame - float(frames[k0])) / float(frames[k1] - frames[k0])
    return (1 - w) * boxes[:, k0] + w * boxes[:, k1]


@MODELS.register_module()
class TubeR(BaseModel):
    """TubeR detector: backbone → 1×1×1 projection → optional temporal
    pooling → encoder → decoder of tubelet queries → box/switch and class
    heads (Fig. 6.2, Eq. 6.1-6.13).

    Tubelet queries (Sec. 6.3.2): N queries of ``num_frames`` box query
    embeddings each; the learnt embeddings of a tubelet are initialised
    identically and a fixed sine embedding of the frame index is added to
    them (the decoder is otherwise equivariant over frames, so identical
    embeddings would stay identical). ``query_mode='single'`` uses one
    embedding per tubelet that regresses all T_out boxes (Table 6.1a).
    The embeddings ``Q`` are the decoder input (``F_q = TA(Q)``, Eq. 6.7) and
    also its query positions at every layer. (DETR's decoder input is zero
    instead, with the embeddings as positions only: the first
    self-attention then sees a constant input and its post-norm LayerNorm
    divides by a near-zero deviation, which makes its gradients about 10⁵
    times larger than the rest of the model's and, under the thesis' global
    gradient clipping at 0.1, stalls the training of everything else.)

    Anchored queries (optional, off in the thesis' configs): every tubelet
    gets an anchor box ``a = (cx, cy, w, h)``, the same on all of its
    frames. Its centre is embedded with the encoder's own positional encoding
    (:meth:`SinePositionalEncoding3D.embed_points`) and added to the query
    positions, so a query starts by attending to the memory around its
    anchor, and the box head regresses ``sigmoid(Linear_b(F_tub) +
    sigmoid⁻¹(a))`` instead of Eq. 6.12's ``sigmoid(Linear_b(F_tub))``
    (the anchor formulation of Anchor DETR / DAB-DETR). ``anchors='learned'``
    learns N anchors shared by all clips; ``anchors='selected'`` and
    ``'proposals'`` anchor every clip's queries at its encoder tokens of
    highest actorness, with token-centre anchors or with tubelet proposals
    regressed by the tokens (:class:`TubeletQuerySelection`, which also has
    the auxiliary losses); they let the detector converge from a randomly
    initialised backbone within a CPU budget (configs/tuber/README.md).
    With ``memory_queries`` the decoder input of a selected tubelet also
    holds the memory feature of its token on each output frame, detached
    (the query selection of Efficient DETR / RT-DETR): a query starts from
    what the encoder has seen at its actor rather than from a
    clip-independent embedding; the learnt embedding stays its position.
    With ``box_refine`` (needs anchors) every decoder layer refines the
    boxes of the one before (the iterative refinement of Deformable DETR /
    DAB-DETR): the boxes of layer l, detached, are the anchors of layer
    l + 1 — per output frame, so the box query of frame t attends around the
    actor's position on frame t rather than around one position for the
    whole tubelet. The box head is shared by the layers.

    Two-stream input (the thesis' RGB + optical flow setting): with
    ``flow_backbone`` the clip channels ``[0, 3)`` (RGB) go through
    ``backbone`` and the channels ``[3, C)`` (flow x, y) through
    ``flow_backbone``; the two features, which must have the same
    (T', H', W'), are concatenated along channels before the projection
    (``in_channels`` is the sum of both). Without it a multi-channel clip
    (e.g. RGB + flow, C = 5) enters the single backbone (early fusion).

    The backbone feature (B, C_b, T', H', W') is projected to ``embed_dims``
    and, when ``T' > num_frames``, average-pooled over time to
    ``T_out = num_frames`` (sparse tubelets); ``T' = num_frames`` keeps it
    (dense tubelets when the backbone keeps ``T' = T_in``). The output
    frames are :func:`output_frame_indices` of the clip.

    Args:
        backbone (dict): any mmaction2 3-D backbone config.
        in_channels (int): channels of the backbone output (of both
            backbones with ``flow_backbone``).
        num_frames (int): output frames T_out of a tubelet.
        num_queries (int): tubelet queries N. Defaults to 15.
        embed_dims (int): transformer channels d. Defaults to 256.
        flow_backbone (dict, optional): backbone of the flow channels
            (two-stream input, see above). Defaults to None.
        query_mode (str): ``'tubelet'`` or ``'single'``.
        anchors (str, optional): ``None`` (the thesis), ``'learned'``,
            ``'selected'`` or ``'proposals'`` anchored queries (see above).
            Defaults to None.
        anchor_size (float): normalised width and height of the anchors
            (the initial value of learnt ones). Defaults to 0.1.
        box_refine (bool): iterative box refinement across the decoder
            layers (see above; needs ``anchors``). Defaults to False.
        memory_queries (bool): decoder input from the memory at the selected
            tokens (see above; needs ``anchors='selected'`` or
            ``'proposals'``). Defaults to False.
        dense_heads (bool): proposals also predict the action switch and
            the class of their token (auxiliary losses, the outputs stay the
            decoder's; needs ``anchors='proposals'``, see
            :class:`TubeletQuerySelection`). Defaults to False.
        dense_weight (float): factor of the two dense losses on top of the
            criterion's switch and class weights. Defaults to 1.
        actorness_weight (float): weight of ``loss_actorness`` with
            ``anchors='selected'`` or ``'proposals'``. Defaults to 1.
        positional_encoding (dict): :class:`SinePositionalEncoding3D` config.
        encoder (dict): :class:`TubeREncoder` config.
        decoder (dict): :class:`TubeRDecoder` config.
        bbox_head (dict): :class:`TubeletBoxHead` config (``embed_dims`` and
            ``frames_per_query`` are filled in).
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

    query_modes = ('tubelet', 'single')
    anchor_modes = (None, 'learned', 'selected', 'proposals')
    outputs = ('tubelets', 'keyframe')

    def __init__(self,
                 backbone: dict,
                 in_channels: int,
                 num_frames: int,
                 num_queries: int = 15,
                 embed_dims: int = 256,
                 flow_backbone: Optional[dict] = None,
                 query_mode: str = 'tubelet',
                 anchors: Optional[str] = None,
                 anchor_size: float = 0.1,
                 box_refine: bool = False,
                 memory_queries: bool = False,
                 dense_heads: bool = False,
                 dense_weight: float = 1.,
                 actorness_weight: float = 1.,
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
        if query_mode not in self.query_modes:
            raise ValueError(f'query_mode must be one of {self.query_modes}, '
                             f'got {query_mode!r}')
        if cls_head is None:
            raise ValueError('cls_head (with num_classes) is required')
        self.test_cfg = dict(
            output='tubelets', switch_thr=0.5, inclusive_boxes=True)
        self.test_cfg.update(test_cfg or {})
        if self.test_cfg['output'] not in self.outputs:
            raise ValueError(f'test_cfg.output must be one of {self.outputs}'
                             f", got {self.test_cfg['output']!r}")
        self.num_frames = num_frames
        self.num_queries = num_queries
        self.embed_dims = embed_dims
        self.query_mode = query_mode
        query_frames = num_frames if query_mode == 'tubelet' else 1

        self.backbone = MODELS.build(backbone)
        self.flow_backbone = None if flow_backbone is None else \
            MODELS.build(flow_backbone)
        self.input_proj = nn.Conv3d(in_channels, embed_dims, kernel_size=1)
        self.positional_encoding = MODELS.build(
            positional_encoding or dict(type='SinePositionalEncoding3D'))
        self.encoder = MODELS.build(encoder or dict(type='TubeREncoder'))
        self.decoder = MODELS.build(decoder or dict(type='TubeRDecoder'))
        for name in ('positional_encoding', 'encoder', 'decoder'):
            dims = getattr(self, name).embed_dims
            if dims != embed_dims:
                raise ValueError(f'{name} has {dims} channels, embed_dims is '
                                 f'{embed_dims}')
        self.bbox_head = MODELS.build(
            bbox_head or dict(type='TubeletBoxHead'),
            default_args=dict(
                embed_dims=embed_dims,
                frames_per_query=num_frames // query_frames))
        if self.bbox_head.frames_per_query * query_frames != num_frames:
            raise ValueError('bbox_head.frames_per_query must be '
                             f'{num_frames // query_frames} with '
                             f'query_mode={query_mode!r}')
        self.cls_head = MODELS.build(
            cls_head, default_args=dict(embed_dims=embed_dims))
        self.criterion = MODELS.build(
            criterion or dict(type='TubeletCriterion'))

        # learnt box query embeddings, identical within a tubelet at init
        self.query_embed = nn.Parameter(
            torch.randn(num_queries, 1, embed_dims).repeat(1, query_frames, 1))
        self.register_buffer(
            'frame_embed',
            sine_embed(torch.arange(query_frames), embed_dims),
            persistent=False)
        if anchors not in self.anchor_modes:
            raise ValueError(f'anchors must be one of {self.anchor_modes}, '
                             f'got {anchors!r}')
        if not 0 < anchor_size < 1:
            raise ValueError(
                f'anchor_size must be in (0, 1), got {anchor_size}')
        if box_refine and anchors is None:
            raise ValueError('box_refine needs anchored queries (anchors='
                             "'learned', 'selected' or 'proposals')")
        if memory_queries and anchors not in ('selected', 'proposals'):
            raise ValueError("memory_queries needs anchors='selected' or "
                             "'proposals'")
        if dense_heads and anchors != 'proposals':
            raise ValueError("dense_heads needs anchors='proposals'")
        self.anchor_mode = anchors
        self.box_refine = box_refine
        self.memory_queries = memory_queries
        self.query_selection = None
        if anchors == 'learned':
            # (N, T_q, 4) logits of normalised cxcywh anchors: random
            # centres, identical within a tubelet
            centres = torch.rand(num_queries, 1, 2) * 0.8 + 0.1
            sizes = torch.full((num_queries, 1, 2), float(anchor_size))
            self.anchors = nn.Parameter(
                torch.logit(torch.cat([centres, sizes], -1)).repeat(
                    1, query_frames, 1))
        elif anchors is not None:
            crit = self.criterion
            self.query_selection = TubeletQuerySelection(
                embed_dims, num_queries, query_frames, anchor_size,
                proposals=anchors == 'proposals', dense_heads=dense_heads,
                num_cls_logits=self.cls_head.fc_cls.out_features,
                multi_label=self.cls_head.multi_label,
                actorness_weight=actorness_weight, dense_weight=dense_weight,
                bbox_weight=crit.bbox_weight, giou_weight=crit.giou_weight,
                switch_weight=crit.switch_weight, cls_weight=crit.cls_weight)

    #: layers of the query selection that checkpoints written before
    #: :class:`TubeletQuerySelection` existed hold at the top level
    _LEGACY_SELECTION_KEYS = ('actorness.', 'proposal.', 'proposal_switch.',
                              'proposal_cls.')

    def _load_from_state_dict(self, state_dict, prefix, *args, **kwargs):
        """Load, moving the query-selection layers of older checkpoints
        (``actorness.*``, ``proposal*.*``) under ``query_selection.``."""
        for key in list(state_dict):
            name = key[len(prefix):]
            if key.startswith(prefix) and \
                    name.startswith(self._LEGACY_SELECTION_KEYS):
                state_dict[f'{prefix}query_selection.{name}'] = \
                    state_dict.pop(key)
        super()._load_from_state_dict(state_dict, prefix, *args, **kwargs)

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
        clips: the last output of ``backbone``, or with ``flow_backbone`` the
        RGB and flow features concatenated along channels."""
        if inputs.dim() != 5:
            raise ValueError('inputs must be (B, C, T, H, W), got shape '
                             f'{tuple(inputs.shape)}')
        if self.flow_backbone is None:
            feats = self._backbone_feat(self.backbone, inputs)
        else:
            if inputs.size(1) <= 3:
                raise ValueError('flow_backbone needs RGB + flow clips (C > '
                                 f'3), got {inputs.size(1)} channels')
            rgb = self._backbone_feat(self.backbone, inputs[:, :3])
            flow = self._backbone_feat(self.flow_backbone, inputs[:, 3:])
            if rgb.shape[2:] != flow.shape[2:]:
                raise ValueError(
                    f'the RGB and flow backbones give features of (T, H, W) '
                    f'{tuple(rgb.shape[2:])} and {tuple(flow.shape[2:])}; '
                    'they must match')
            feats = torch.cat([rgb, flow], 1)
        return feats

    @staticmethod
    def _backbone_feat(backbone: nn.Module, inputs: Tensor) -> Tensor:
        """(B, C_b, T', H', W') last feature of a backbone."""
        feats = backbone(inputs)
        return feats[-1] if isinstance(feats, (tuple, list)) else feats

    def _anchor_pos(self, anchors: Tensor) -> Tensor:
        """(..., N, T_q, d) positions of the anchor centres on the frames of
        the box queries, in the encoder's positional embedding; anchors are
        (..., N, T_q, 4) normalised cxcywh."""
        t_q = anchors.size(-2)
        frames = (torch.arange(t_q, device=anchors.device) + 0.5) / t_q
        points = torch.stack([
            frames.expand(anchors.shape[:-1]), anchors[..., 1],
            anchors[..., 0]
        ], -1)
        return self.positional_encoding.embed_points(points)

    @staticmethod
    def _padding_mask(data_samples: Optional[list]) -> Optional[Tensor]:
        if not data_samples or 'padding_mask' not in data_samples[0]:
            return None
        return torch.stack([s.padding_mask for s in data_samples])

    @staticmethod
    def _long_term_bank(data_samples: Optional[list],
                        device: torch.device) -> Tuple[Tensor, Tensor]:
        """(B, M, C_bank) tokens and (B, M) padding mask of the long-term
        feature bank (``long_term_feats`` (2w+1, t, h, w, C_bank) and
        ``long_term_valid`` (2w+1,) of every data sample)."""
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
        B, W = valid.shape
        tokens_per_clip = feats[0, 0].numel() // feats.size(-1)
        mask = ~valid[:, :, None].expand(B, W, tokens_per_clip)
        return feats.reshape(B, -1, feats.size(-1)), mask.reshape(B, -1)

    def _decode(self,
                inputs: Tensor,
                data_samples: Optional[list] = None) -> dict:
        """Raw outputs of every decoder layer.

        Returns:
            dict: ``cls_logits`` (L, B, N, C [+1]), ``boxes``
            (L, B, N, T_out, 4) normalised cxcywh, ``switch`` logits
            (L, B, N, T_out); with ``anchors='selected'`` or
            ``'proposals'`` also the ``actorness`` logits (B, T_out, H', W')
            and the token ``mask`` (B, T_out, H', W'), and with
            ``'proposals'`` the ``proposals`` (B, T_out, H', W', 4).
        """
        tokens, pos, grid_mask = self.extract_feat(
            inputs, self._padding_mask(data_samples))
        mask = grid_mask.flatten(1)
        memory = self.encoder(tokens, pos, mask)
        B = inputs.size(0)
        queries = (self.query_embed + self.frame_embed).expand(B, -1, -1, -1)
        query_pos, anchors, out = queries, None, {}
        if self.anchor_mode == 'learned':
            anchors = self.anchors
        elif self.query_selection is not None:
            out.update(self.query_selection(memory, grid_mask))
            anchors = out.pop('anchors')
            content = out.pop('content')
            out['mask'] = grid_mask
        if anchors is not None:
            query_pos = query_pos + self._anchor_pos(anchors.sigmoid())
        decoder_input = queries + content if self.memory_queries else queries
        layer_anchors = [anchors.expand_as(queries[..., :4])] \
            if self.box_refine else None

        def refine(feats: Tensor) -> Tensor:
            """Anchors and query positions of the next layer from the
            boxes of this one (per box query: the mean of its boxes)."""
            boxes, _ = self.bbox_head(feats, layer_anchors[-1])
            boxes = boxes.detach().unflatten(-2,
                                             (queries.size(2), -1)).mean(-2)
            layer_anchors.append(torch.logit(boxes, eps=1e-4))
            return queries + self._anchor_pos(boxes)

        feats = self.decoder(decoder_input, query_pos, memory, pos, mask,
                             refine if self.box_refine else None)
        if self.box_refine:
            anchors = torch.stack(layer_anchors)
        out['boxes'], out['switch'] = self.bbox_head(feats, anchors)
        bank = bank_mask = None
        if self.cls_head.context == 'long':
            bank, bank_mask = self._long_term_bank(data_samples, inputs.device)
        out['cls_logits'] = self.cls_head(feats, tokens, pos, mask, bank,
                                          bank_mask)
        return out

    def _forward(self,
                 inputs: Tensor,
                 data_samples: Optional[list] = None
                 ) -> Tuple[Tensor, Tensor, Tensor]:
        """Class logits (L, B, N, C [+1]), boxes (L, B, N, T_out, 4)
        normalised cxcywh and switch logits (L, B, N, T_out) of every decoder
        layer."""
        out = self._decode(inputs, data_samples)
        return out['cls_logits'], out['boxes'], out['switch']

    # --------------------------------------------------------------- train
    def _targets(self, sample, t_in: int) -> dict:
        """Ground truth of one sample on the output frames, boxes normalised
        cxcywh. Without ``action_on`` (AVA) the switch target is ``valid``.

        A tubelet whose actor is visible but acts on none of the output
        frames (an actor track longer than its action, as in the built-in
        benchmark) shows no action: it is still matched and regressed, its
        switch target is off everywhere, and its class target is the
        no-action class (all-zero multi-hot labels with sigmoid scores) — its
        action label would be noise, since nothing in the clip shows it."""
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
        action_on = (gt.action_on if 'action_on' in gt else gt.valid)[:, idx]
        action_on = action_on.bool()
        idle = ~action_on.any(1)
        labels = gt.labels.clone()
        labels[idle] = 0 if self.cls_head.multi_label else \
            self.cls_head.num_classes
        return dict(
            labels=labels,
            boxes=bbox_xyxy_to_cxcywh(gt.bboxes[:, idx].float() / scale),
            valid=valid,
            action_on=action_on)

    def loss(self, inputs: Tensor, data_samples: list) -> Dict[str, Tensor]:
        """Losses of Eq. 6.14 on every decoder layer, ``loss_actorness``
        with selected anchors and the proposal box losses with
        ``anchors='proposals'``."""
        out = self._decode(inputs, data_samples)
        targets = [self._targets(s, inputs.size(2)) for s in data_samples]
        losses = self.criterion(out['cls_logits'], out['boxes'],
                                out['switch'], targets)
        if self.query_selection is not None:
            losses.update(
                self.query_selection.loss(out, out['mask'], targets))
        return losses

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
