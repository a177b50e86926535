"""Tubelet attention of the TubeR decoder (Sec. 6.3.2, Eq. 6.7)."""
from typing import Optional

import torch
import torch.nn as nn
from mmaction.registry import MODELS
from mmengine.model import BaseModule
from torch import Tensor


class PostNormAttention(nn.Module):
    """Post-norm attention ``x = LN(x + Attn(x + p, k + k_p, k + k_p))``.

    ``p``/``k_p`` are ``pos``/``key_pos``. Self-attention when ``key`` is
    None (then ``key = x``, ``key_pos = pos``),
    cross-attention otherwise. Positions enter queries, keys *and values*:
    TubeR's ``σ(∗) = Linear(∗) + Emb_pos`` is applied to all three (Eq.
    6.3-6.4; ``σ_v`` in Eq. 6.3 and 6.6), here in DETR's form with the
    position added before the projection, ``Linear(∗ + Emb_pos)``. (DETR adds
    positions to queries and keys only; then the attended values carry no
    position, and a box query can tell where it looked only through the
    slowly learnt specialisation of its own position embedding.)

    Shapes: ``x``/``pos`` (B, L, C); ``key``/``key_pos`` (B, S, C);
    ``key_padding_mask`` (B, S) bool, True on keys that get no attention;
    ``attn_mask`` (L, S) bool, True where a query may not attend to a key.
    """

    def __init__(self, embed_dims: int, num_heads: int,
                 dropout: float) -> None:
        super().__init__()
        self.attn = nn.MultiheadAttention(
            embed_dims, num_heads, dropout=dropout, batch_first=True)
        self.dropout = nn.Dropout(dropout)
        self.norm = nn.LayerNorm(embed_dims)

    def forward(self,
                x: Tensor,
                pos: Optional[Tensor] = None,
                key: Optional[Tensor] = None,
                key_pos: Optional[Tensor] = None,
                key_padding_mask: Optional[Tensor] = None,
                attn_mask: Optional[Tensor] = None) -> Tensor:
        if key is None:
            key, key_pos = x, pos
        q = x if pos is None else x + pos
        k = key if key_pos is None else key + key_pos
        out = self.attn(
            q, k, k, key_padding_mask=key_padding_mask,
            need_weights=False, attn_mask=attn_mask)[0]
        return self.norm(x + self.dropout(out))


@MODELS.register_module()
class TubeletAttention(BaseModule):
    """Self-attention among the box query embeddings of tubelet queries.

    ``Fq = TA(Q)`` (Eq. 6.7). With ``mode='tubelet'`` (the thesis' tubelet
    attention) two post-norm self-attention layers run in turn:

    * spatial: the N box queries of the same frame attend to each other,
      i.e. ``{q_1,t, ..., q_N,t}`` for every t;
    * temporal: the T box queries of the same tubelet attend to each other,
      i.e. ``{q_i,1, ..., q_i,T}`` for every i.

    With ``mode='self'`` (the "self-attention" row of Table 6.1b) a single
    self-attention layer runs over all N·T box queries.

    Args:
        embed_dims (int): query channels C.
        num_heads (int): attention heads.
        dropout (float): dropout on attention weights and outputs.
        mode (str): ``'tubelet'`` or ``'self'``. Defaults to ``'tubelet'``.
    """

    modes = ('tubelet', 'self')

    def __init__(self,
                 embed_dims: int = 256,
                 num_heads: int = 8,
                 dropout: float = 0.1,
                 mode: str = 'tubelet',
                 init_cfg=None) -> None:
        super().__init__(init_cfg=init_cfg)
        if mode not in self.modes:
            raise ValueError(f'mode must be one of {self.modes}, got {mode!r}')
        self.mode = mode
        if mode == 'tubelet':
            self.spatial = PostNormAttention(embed_dims, num_heads, dropout)
            self.temporal = PostNormAttention(embed_dims, num_heads, dropout)
        else:
            self.full = PostNormAttention(embed_dims, num_heads, dropout)

    def forward(self, query: Tensor,
                query_pos: Optional[Tensor] = None) -> Tensor:
        """Apply tubelet (or plain) self-attention.

        Args:
            query (Tensor): (B, N, T, C) box query embeddings.
            query_pos (Tensor, optional): (B, N, T, C) query positions.

        Returns:
            Tensor: (B, N, T, C) query features ``Fq``.
        """
        if query.dim() != 4:
            raise ValueError('query must be (B, N, T, C), got shape '
                             f'{tuple(query.shape)}')
        if query_pos is None:
            query_pos = torch.zeros_like(query)
        B, N, T, C = query.shape
        if self.mode == 'self':
            out = self.full(query.reshape(B, N * T, C),
                            query_pos.reshape(B, N * T, C))
            return out.view(B, N, T, C)
        # spatial: one sequence of N queries per (sample, frame)
        x = query.transpose(1, 2).reshape(B * T, N, C)
        pos_s = query_pos.transpose(1, 2).reshape(B * T, N, C)
        x = self.spatial(x, pos_s).view(B, T, N, C).transpose(1, 2)
        # temporal: one sequence of T queries per (sample, tubelet)
        x = self.temporal(x.reshape(B * N, T, C),
                          query_pos.reshape(B * N, T, C))
        return x.view(B, N, T, C)
