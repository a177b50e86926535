"""Long-term context of TubeR's classification head (Sec. 6.3.3, Eq. 6.10,
6.11)."""
from typing import Optional, Sequence

import torch
import torch.nn as nn
from mmaction.registry import MODELS
from mmengine.model import BaseModule
from torch import Tensor

from .positional_encoding import sine_embed
from .transformer import TubeRDecoderLayer
from .tubelet_attention import PostNormAttention


def grid_embed(height: int, width: int, embed_dims: int,
               device: Optional[torch.device] = None) -> Tensor:
    """2-D sine embedding (H·W, C) of the cells of an H×W grid: the (y, x)
    cell centres normalised to ``[0, 2π]`` over the grid, ``C/2`` channels
    each (as :class:`SinePositionalEncoding3D` embeds one axis)."""
    if embed_dims % 4:
        raise ValueError(f'embed_dims must be a multiple of 4, got '
                         f'{embed_dims}')
    ys = (torch.arange(height, device=device) + 0.5) / height
    xs = (torch.arange(width, device=device) + 0.5) / width
    y, x = torch.meshgrid(ys * 2 * torch.pi, xs * 2 * torch.pi, indexing='ij')
    return torch.cat([
        sine_embed(y.flatten(), embed_dims // 2),
        sine_embed(x.flatten(), embed_dims // 2)
    ], -1)


@MODELS.register_module()
class LongTermContext(BaseModule):
    """Long-term context ``F_lt = CA(F_b, Emb_long)`` (Eq. 6.11) of a
    long-term feature bank, compressed by two stacked decoders (Eq. 6.10).

    ``F_long ∈ R^{(2w+1)T' × H''W'' × C_bank}`` holds the backbone features of
    the 2w+1 adjacent clips around the sample's clip (``LoadFeatureBank``),
    T' frames each, on the H''×W'' grid that
    ``tools/misc/extract_feature_bank.py`` stored (the backbone's H'×W', or a
    fixed average-pooled grid); a linear layer projects them to C'.

    The compression follows LSTR [223] and keeps the spatial layout: at each
    of the H''W'' locations the temporal sequence is compressed, by decoders
    whose learned token embeddings are shared across locations,

    * ``Dec(Emb_n0, F_long)``: (2w+1)T' -> n0 temporal tokens; the keys carry
      a sine embedding of their time index, tokens of clips outside the video
      are masked out;
    * ``Emb_long = Dec(Emb_n1, ·)``: n0 -> n1 temporal tokens,

    each a :class:`TubeRDecoderLayer` (self-attention among the tokens,
    cross-attention to the sequence, FFN; post-norm), so that ``Emb_long`` is
    (n1·H''W'', C'). The backbone tokens ``F_b`` (with their positions) then
    attend to it, the keys carrying a 2-D sine embedding of their grid cell
    (:func:`grid_embed`), with a post-norm residual: ``F_lt`` has the shape of
    ``F_b`` and replaces it in Eq. 6.9.

    Args:
        bank_channels (int): channels C_bank of the stored features.
        embed_dims (int): channels C'. Defaults to 256.
        num_tokens (Sequence[int]): ``(n0, n1)``, the temporal tokens after
            each compression stage. Defaults to ``(16, 4)``.
        num_heads (int): attention heads. Defaults to 8.
        feedforward_channels (int): FFN channels of the decoders.
            Defaults to 2048.
        dropout (float): dropout of the attention layers. Defaults to 0.1.
    """

    def __init__(self,
                 bank_channels: int,
                 embed_dims: int = 256,
                 num_tokens: Sequence[int] = (16, 4),
                 num_heads: int = 8,
                 feedforward_channels: int = 2048,
                 dropout: float = 0.1,
                 init_cfg=None) -> None:
        super().__init__(init_cfg=init_cfg)
        if len(num_tokens) != 2 or min(num_tokens) < 1:
            raise ValueError(
                f'num_tokens must be (n0, n1) >= 1, got {num_tokens}')
        self.embed_dims = embed_dims
        self.bank_proj = nn.Linear(bank_channels, embed_dims)
        self.tokens = nn.ParameterList([
            nn.Parameter(torch.randn(n, embed_dims) * embed_dims**-0.5)
            for n in num_tokens
        ])
        self.compress = nn.ModuleList([
            TubeRDecoderLayer(
                embed_dims,
                num_heads,
                feedforward_channels,
                dropout,
                attn_mode='self') for _ in num_tokens
        ])
        self.cross_attn = PostNormAttention(embed_dims, num_heads, dropout)

    def compress_bank(self, bank: Tensor, bank_valid: Tensor) -> Tensor:
        """``Emb_long`` of Eq. 6.10.

        Args:
            bank (Tensor): (B, 2w+1, T', H'', W'', C_bank) ``F_long``.
            bank_valid (Tensor): (B, 2w+1) bool, False on the clips of the
                window that lie outside the video (at least one True).

        Returns:
            Tensor: (B, n1, H'', W'', C') compressed long-term context.
        """
        if bank.dim() != 6 or bank_valid.shape != bank.shape[:2]:
            raise ValueError(
                'bank must be (B, 2w+1, T, H, W, C) with bank_valid '
                f'(B, 2w+1), got {tuple(bank.shape)} and '
                f'{tuple(bank_valid.shape)}')
        B, W, T, H, Wd, _ = bank.shape
        # one temporal sequence of (2w+1)T' tokens per location
        memory = self.bank_proj(bank).permute(0, 3, 4, 1, 2, 5).reshape(
            B * H * Wd, W * T, self.embed_dims)
        memory_pos = sine_embed(
            torch.arange(W * T, device=bank.device), self.embed_dims)
        mask = ~bank_valid.repeat_interleave(T, dim=1)
        mask = mask.repeat_interleave(H * Wd, dim=0)
        for tokens, decoder in zip(self.tokens, self.compress):
            query = tokens.expand(memory.size(0), -1, -1)[:, :, None]
            memory = decoder(query, None, memory, memory_pos, mask)[:, :, 0]
            memory_pos = mask = None
        return memory.view(B, H, Wd, -1, self.embed_dims).permute(
            0, 3, 1, 2, 4)

    def forward(self, context: Tensor, context_pos: Optional[Tensor],
                bank: Tensor, bank_valid: Tensor) -> Tensor:
        """``F_lt = CA(F_b, Emb_long)`` (Eq. 6.11).

        Args:
            context (Tensor): (B, S, C') backbone tokens ``F_b``,
                S = T'H'W'.
            context_pos (Tensor, optional): (B, S, C') their positions.
            bank (Tensor): (B, 2w+1, T', H'', W'', C_bank) ``F_long``.
            bank_valid (Tensor): (B, 2w+1) bool validity of its clips.

        Returns:
            Tensor: (B, S, C') ``F_lt``.
        """
        emb_long = self.compress_bank(bank, bank_valid)
        B, n1, H, W, C = emb_long.shape
        key_pos = grid_embed(H, W, C, bank.device).repeat(n1, 1)
        return self.cross_attn(context, context_pos,
                               emb_long.reshape(B, n1 * H * W, C), key_pos)
