"""TubeR with anchor boxes on its box queries, refined by every decoder
layer: the base of the two extensions beyond the thesis, anchored at
tubelet proposals (:class:`TubeRWithProposals`) or at learnt reference
boxes (:class:`TubeRWithReferenceBoxes`)."""
import torch
import torch.nn as nn
from mmaction.registry import MODELS
from torch import Tensor

from .tuber import TubeR


class AnchoredTubeR(TubeR):
    """TubeR whose box queries carry anchor boxes (DAB-DETR's formulation).

    * A box query's anchor ``a_t = (cx, cy, w, h)`` enters its position:
      the anchor centre, embedded with the encoder's own positional
      encoding (:meth:`SinePositionalEncoding3D.embed_points`), is added to
      the query positions, so the query attends to the memory around it.
    * The box head regresses ``sigmoid(Linear_b(F_tub) + sigmoid⁻¹(a))``
      instead of Eq. 6.12's ``sigmoid(Linear_b(F_tub))``.
    * Box refinement (Deformable DETR / DAB-DETR): the boxes of decoder
      layer l, detached, are the anchors of layer l + 1, per box query, so
      the box query of frame t attends around its box on frame t. The box
      head is shared by the layers.

    Subclasses say where the first layer's anchors come from
    (:meth:`forward_decoder`).
    """

    def anchor_pos(self, anchors: Tensor) -> Tensor:
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

    def decode_anchored(self, query: Tensor, queries: Tensor,
                        anchors: Tensor, memory: Tensor, memory_pos: Tensor,
                        grid_mask: Tensor) -> dict:
        """Decode anchored box queries with box refinement.

        Args:
            query (Tensor): (B, N, T_q, d) decoder input.
            queries (Tensor): (B, N, T_q, d) learnt tubelet queries, the
                query positions besides the anchors'.
            anchors (Tensor): (B, N, T_q, 4) first-layer anchor logits
                ``sigmoid⁻¹(a)`` of normalised cxcywh boxes.
            memory, memory_pos (Tensor): (B, L, d) encoder output and its
                positions.
            grid_mask (Tensor): (B, T_out, H', W') token mask.

        Returns:
            dict: ``feats`` (L, B, N, T_q, d), ``boxes`` (L, B, N, T_out, 4)
            and ``switch`` (L, B, N, T_out) of every decoder layer.
        """
        query_pos = queries + self.anchor_pos(anchors.sigmoid())
        layer_anchors = [anchors]

        def refine(feats: Tensor) -> Tensor:
            """Anchors and query positions of the next layer from the
            boxes of this one (per box query: the mean of its boxes)."""
            boxes, _ = self.bbox_head(feats, layer_anchors[-1])
            boxes = boxes.detach().unflatten(-2,
                                             (queries.size(2), -1)).mean(-2)
            layer_anchors.append(torch.logit(boxes, eps=1e-4))
            return queries + self.anchor_pos(boxes)

        feats = self.decoder(query, query_pos, memory, memory_pos,
                             grid_mask.flatten(1), refine)
        boxes, switch = self.bbox_head(feats, torch.stack(layer_anchors))
        return dict(feats=feats, boxes=boxes, switch=switch)


@MODELS.register_module()
class TubeRWithReferenceBoxes(AnchoredTubeR):
    """TubeR with learnt reference boxes (DAB-DETR's anchor queries):
    anchor-free in the thesis' sense — no hand-set anchors, no proposals,
    no person detector — but beyond its model.

    Every box query has a learnt reference box ``a_{i,t}``, a parameter like
    its embedding ``q_{i,t}``, that positions its first-layer attention and
    anchors its box regression; every decoder layer refines it
    (:class:`AnchoredTubeR`). The decoder input is the queries, as in
    :class:`TubeR`. A tubelet's reference boxes start identical (as its
    embeddings do): centre uniform in the frame, width and height
    ``reference_size``.

    Args:
        reference_size (float): initial normalised width and height of the
            reference boxes. Defaults to 0.25.
        **kwargs: the arguments of :class:`TubeR`.
    """

    def __init__(self, reference_size: float = 0.25, **kwargs) -> None:
        super().__init__(**kwargs)
        if not 0 < reference_size < 1:
            raise ValueError(
                f'reference_size must be in (0, 1), got {reference_size}')
        n, t_q = self.queries.num_queries, self.queries.query_frames
        boxes = torch.cat(
            [torch.rand(n, 1, 2),
             torch.full((n, 1, 2), float(reference_size))], -1)
        self.reference_boxes = nn.Parameter(
            torch.logit(boxes, eps=1e-4).repeat(1, t_q, 1))

    def forward_decoder(self, memory: Tensor, memory_pos: Tensor,
                        grid_mask: Tensor) -> dict:
        """Decode the tubelet queries anchored at their reference boxes
        ((N, T_q, 4) logits ``reference_boxes``).

        Returns:
            dict: the outputs of :meth:`TubeR.forward_decoder`.
        """
        queries = self.queries(memory.size(0))
        anchors = self.reference_boxes.expand(memory.size(0), -1, -1, -1)
        return self.decode_anchored(queries, queries, anchors, memory,
                                    memory_pos, grid_mask)
