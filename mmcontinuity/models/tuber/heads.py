"""TubeR task heads (Sec. 6.3.3): tubelet boxes with action switch, and the
context-aware classification head."""
from typing import Optional, Sequence, Tuple

import torch.nn as nn
from mmaction.registry import MODELS
from mmengine.model import BaseModule, bias_init_with_prob
from torch import Tensor

from .long_term_context import LongTermContext
from .transformer import TubeREncoderLayer
from .tubelet_attention import PostNormAttention


@MODELS.register_module()
class TubeletBoxHead(BaseModule):
    """Tubelet regression ``y_coor = Linear_b(F_tub)`` (Eq. 6.12) and action
    switch ``y_switch = Linear_s(F_tub)`` (Eq. 6.13).

    Every box query embedding regresses ``frames_per_query`` boxes and switch
    logits: 1 with tubelet queries (one embedding per output frame), T_out
    with a single query per tubelet (Table 6.1a).

    Args:
        embed_dims (int): feature channels C'. Defaults to 256.
        num_fcs (int): layers of the box regressor (ReLU between them);
            1 is the plain linear layer of Eq. 6.12, 3 the DETR MLP.
            Defaults to 3.
        frames_per_query (int): boxes regressed by one query embedding.
            Defaults to 1.
    """

    def __init__(self,
                 embed_dims: int = 256,
                 num_fcs: int = 3,
                 frames_per_query: int = 1,
                 init_cfg=None) -> None:
        super().__init__(init_cfg=init_cfg)
        if num_fcs < 1 or frames_per_query < 1:
            raise ValueError('num_fcs and frames_per_query must be >= 1, got '
                             f'{num_fcs} and {frames_per_query}')
        self.frames_per_query = frames_per_query
        layers = []
        for _ in range(num_fcs - 1):
            layers += [
                nn.Linear(embed_dims, embed_dims),
                nn.ReLU(inplace=True)
            ]
        layers.append(nn.Linear(embed_dims, 4 * frames_per_query))
        self.fc_reg = nn.Sequential(*layers)
        self.fc_switch = nn.Linear(embed_dims, frames_per_query)

    def forward(self,
                feats: Tensor,
                anchors: Optional[Tensor] = None) -> Tuple[Tensor, Tensor]:
        """Regress boxes and switch logits.

        Args:
            feats (Tensor): (..., N, T_q, C) tubelet features ``F_tub``.
            anchors (Tensor, optional): anchor logits ``sigmoid⁻¹(a)``
                broadcastable to (..., N, T_q, 4) (e.g. (N, T_q, 4), or
                (L, B, N, T_q, 4) with one set per decoder layer), added to
                the regression before the sigmoid (each is repeated
                ``frames_per_query`` times).

        Returns:
            tuple: boxes (..., N, T_out, 4), normalised cxcywh in [0, 1], and
            switch logits (..., N, T_out), T_out = T_q * frames_per_query.
        """
        *lead, t_q, _ = feats.shape
        t_out = t_q * self.frames_per_query
        boxes = self.fc_reg(feats).reshape(*lead, t_q, self.frames_per_query,
                                           4)
        if anchors is not None:
            boxes = boxes + anchors.unsqueeze(-2)
        boxes = boxes.sigmoid().reshape(*lead, t_out, 4)
        switch = self.fc_switch(feats).reshape(*lead, t_out)
        return boxes, switch


@MODELS.register_module()
class TubeletClsHead(BaseModule):
    """Action classification of tubelets, with optional context (Sec. 6.3.3).

    ``context`` selects the variant of Table 6.1d:

    * ``'none'``: ``y_class = Linear_c(Pool_t(F_tub))`` (Eq. 6.8);
    * ``'short'``: ``F_c = CA(Pool_t(F_tub), SA(F_b)) + Pool_t(F_tub)``
      (Eq. 6.9), then the linear classifier; SA is a post-norm encoder layer
      and the residual of CA is followed by a LayerNorm (post-norm);
    * ``'long'``: the long-term bank ``F_long`` ((2w+1)T' × H''W'' tokens of
      2w+1 adjacent clips) is compressed to ``Emb_long = Dec(Emb_n1,
      Dec(Emb_n0, F_long))`` (Eq. 6.10; n1·H''W'' tokens), ``F_lt = CA(F_b,
      Emb_long)`` (Eq. 6.11), then Eq. 6.9 on ``F_lt`` instead of ``F_b``
      (:class:`LongTermContext`).

    ``Pool_t`` averages the T_q box query features of a tubelet.

    Args:
        num_classes (int): action classes L.
        embed_dims (int): feature channels C'. Defaults to 256.
        multi_label (bool): sigmoid multi-label scores (AVA; classifier bias
            initialised at a 1 % prior); otherwise a
            softmax over ``num_classes + 1`` logits whose last one is the
            no-action class (UCF101-24, J-HMDB). Defaults to False.
        context (str): ``'none'``, ``'short'`` or ``'long'``. Defaults to
            ``'short'``.
        num_heads (int): attention heads of the context layers.
        feedforward_channels (int): FFN channels of the context layers.
        dropout (float): dropout of the context layers and before the
            classifier. Defaults to 0.1.
        bank_channels (int, optional): channels of the stored long-term
            features (required with ``context='long'``).
        num_long_tokens (Sequence[int]): ``(n0, n1)``, the temporal tokens
            of the two compression stages (per location of the bank's grid).
            Defaults to ``(16, 4)``: e.g. the (2w+1)T' = 7 × 4 = 28 temporal
            tokens of irCSN-50 32×2 clips with w = 3 -> 16 -> 4.
    """

    contexts = ('none', 'short', 'long')

    def __init__(self,
                 num_classes: int,
                 embed_dims: int = 256,
                 multi_label: bool = False,
                 context: str = 'short',
                 num_heads: int = 8,
                 feedforward_channels: int = 2048,
                 dropout: float = 0.1,
                 bank_channels: Optional[int] = None,
                 num_long_tokens: Sequence[int] = (16, 4),
                 init_cfg=None) -> None:
        super().__init__(init_cfg=init_cfg)
        if context not in self.contexts:
            raise ValueError(
                f'context must be one of {self.contexts}, got {context!r}')
        if context == 'long' and bank_channels is None:
            raise ValueError("context='long' needs bank_channels")
        self.num_classes = num_classes
        self.multi_label = multi_label
        self.context = context
        layer_kw = dict(
            embed_dims=embed_dims,
            num_heads=num_heads,
            feedforward_channels=feedforward_channels,
            dropout=dropout)
        if context != 'none':
            self.context_sa = TubeREncoderLayer(**layer_kw)
            self.context_ca = PostNormAttention(embed_dims, num_heads, dropout)
        if context == 'long':
            self.long_term = LongTermContext(
                bank_channels, num_tokens=num_long_tokens, **layer_kw)
        self.dropout = nn.Dropout(dropout)
        self.fc_cls = nn.Linear(embed_dims,
                                num_classes + (0 if multi_label else 1))
        if multi_label:  # 1 % prior: the many negatives start near zero loss
            nn.init.constant_(self.fc_cls.bias, bias_init_with_prob(0.01))

    def forward(self,
                feats: Tensor,
                context: Optional[Tensor] = None,
                context_pos: Optional[Tensor] = None,
                context_mask: Optional[Tensor] = None,
                bank: Optional[Tensor] = None,
                bank_valid: Optional[Tensor] = None) -> Tensor:
        """Classify tubelets.

        Args:
            feats (Tensor): (L, B, N, T_q, C') tubelet features of L decoder
                layers.
            context (Tensor, optional): (B, S, C') backbone tokens ``F_b``
                (``'short'``/``'long'``).
            context_pos (Tensor, optional): (B, S, C') their positions.
            context_mask (Tensor, optional): (B, S) bool key-padding mask.
            bank (Tensor, optional): (B, 2w+1, T', H'', W'', bank_channels)
                long-term features ``F_long`` (``'long'``).
            bank_valid (Tensor, optional): (B, 2w+1) bool, False on the
                clips of the window outside the video.

        Returns:
            Tensor: (L, B, N, num_classes [+1]) class logits.
        """
        pooled = feats.mean(dim=-2)
        if self.context != 'none':
            if context is None:
                raise ValueError(f'context={self.context!r} needs the '
                                 'backbone tokens')
            if self.context == 'long':
                if bank is None:
                    raise ValueError(
                        "context='long' needs the long-term feature bank "
                        '(data samples without `long_term_feats`?)')
                context = self.long_term(context, context_pos, bank,
                                         bank_valid)
            context = self.context_sa(context, context_pos, context_mask)
            L, B, N, C = pooled.shape
            query = pooled.permute(1, 0, 2, 3).reshape(B, L * N, C)
            query = self.context_ca(query, None, context, context_pos,
                                    context_mask)
            pooled = query.view(B, L, N, C).permute(1, 0, 2, 3)
        return self.fc_cls(self.dropout(pooled))

    def get_scores(self, logits: Tensor) -> Tensor:
        """Class probabilities (..., num_classes) without the no-action
        column."""
        if self.multi_label:
            return logits.sigmoid()
        return logits.softmax(-1)[..., :-1]
