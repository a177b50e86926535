"""TubeR with tubelet proposals and box refinement: the two-stage DETR
convergence aids of the tiny benchmark recipe (beyond the thesis)."""
from typing import Dict, List

from mmaction.registry import MODELS
from torch import Tensor

from .tuber_anchored import AnchoredTubeR


@MODELS.register_module()
class TubeRWithProposals(AnchoredTubeR):
    """TubeR whose queries start from tubelet proposals of the encoder, as
    two-stage Deformable DETR / DINO grow out of DETR.

    Not the thesis' model (Fig. 6.1: "without person detectors, anchors or
    proposals"); it lets the detector converge from a randomly initialised
    backbone within a CPU budget (configs/tuber/README.md).

    * Query selection (``query_selection``, :class:`TubeletQuerySelection`,
      which owns its losses): every clip's N queries are anchored at the
      tubelet proposals of its N encoder tokens of highest actorness, one
      anchor box ``a_t = (cx, cy, w, h)`` per box query. The anchor centre
      is embedded with the encoder's own positional encoding
      (:meth:`SinePositionalEncoding3D.embed_points`) and added to the query
      positions, so a query starts by attending to the memory around its
      anchor, and the box head regresses ``sigmoid(Linear_b(F_tub) +
      sigmoid⁻¹(a))`` instead of Eq. 6.12's ``sigmoid(Linear_b(F_tub))``
      (the anchor formulation of Anchor DETR / DAB-DETR).
    * Memory queries: the decoder input of a tubelet is its learnt embedding
      plus the memory feature of its token on each output frame, detached
      (the query selection of Efficient DETR / RT-DETR): a query starts from
      what the encoder has seen at its actor rather than from a
      clip-independent embedding; the learnt embedding stays its position.
    * Box refinement: every decoder layer refines the boxes of the one
      before (the iterative refinement of Deformable DETR / DAB-DETR): the
      boxes of layer l, detached, are the anchors of layer l + 1 — per box
      query, so the box query of frame t attends around the actor's
      position on frame t rather than around one position for the whole
      tubelet. The box head is shared by the layers.

    Args:
        query_selection (dict): :class:`TubeletQuerySelection` config
            (``embed_dims``, ``num_queries``, ``query_frames``,
            ``num_cls_logits`` and ``multi_label`` are filled in).
        **kwargs: the arguments of :class:`TubeR`.
    """

    def __init__(self, query_selection: dict, **kwargs) -> None:
        super().__init__(**kwargs)
        self.query_selection = MODELS.build(
            query_selection,
            default_args=dict(
                embed_dims=self.embed_dims,
                num_queries=self.queries.num_queries,
                query_frames=self.queries.query_frames,
                num_cls_logits=self.cls_head.fc_cls.out_features,
                multi_label=self.cls_head.multi_label))

    def forward_decoder(self, memory: Tensor, memory_pos: Tensor,
                        grid_mask: Tensor) -> dict:
        """Decode queries anchored at the selected proposals.

        Returns:
            dict: the outputs of :meth:`TubeR.forward_decoder`, those of
            :meth:`TubeletQuerySelection.forward` but ``anchors`` and
            ``content`` (``actorness``, ``proposals``, ``proposal_switch``,
            ``proposal_cls``) and the token ``mask`` (B, T_out, H', W').
        """
        out = self.query_selection(memory, grid_mask)
        anchors = out.pop('anchors')  # (B, N, T_q, 4) logits
        content = out.pop('content')
        queries = self.queries(memory.size(0))
        out.update(
            self.decode_anchored(queries + content, queries, anchors, memory,
                                 memory_pos, grid_mask),
            mask=grid_mask)
        return out

    def loss_by_feat(self, out: dict,
                     targets: List[dict]) -> Dict[str, Tensor]:
        """The criterion's losses and those of the query selection
        (``loss_actorness``, ``loss_proposal_*``)."""
        losses = super().loss_by_feat(out, targets)
        losses.update(self.query_selection.loss(out, out['mask'], targets))
        return losses
