"""TubeR encoder and decoder (Sec. 6.3.1, Eq. 6.2-6.7), post-norm."""
from typing import Callable, Optional

import torch
import torch.nn as nn
from mmaction.registry import MODELS
from mmcv.cnn.bricks.transformer import FFN
from mmengine.model import BaseModule, ModuleList
from torch import Tensor

from .tubelet_attention import PostNormAttention, TubeletAttention


class _PostNormFFN(nn.Module):
    """``x = LN(x + FFN(x))`` with mmcv's two-layer ReLU FFN."""

    def __init__(self, embed_dims: int, feedforward_channels: int,
                 dropout: float) -> None:
        super().__init__()
        self.ffn = FFN(
            embed_dims=embed_dims,
            feedforward_channels=feedforward_channels,
            ffn_drop=dropout,
            add_identity=True)
        self.norm = nn.LayerNorm(embed_dims)

    def forward(self, x: Tensor) -> Tensor:
        return self.norm(self.ffn(x))


@MODELS.register_module()
class TubeREncoderLayer(BaseModule):
    """One encoder layer: self-attention (Eq. 6.3-6.4) then FFN, post-norm.

    Args:
        embed_dims (int): token channels C'. Defaults to 256.
        num_heads (int): attention heads. Defaults to 8.
        feedforward_channels (int): FFN hidden channels. Defaults to 2048.
        dropout (float): dropout rate. Defaults to 0.1.
    """

    def __init__(self,
                 embed_dims: int = 256,
                 num_heads: int = 8,
                 feedforward_channels: int = 2048,
                 dropout: float = 0.1,
                 init_cfg=None) -> None:
        super().__init__(init_cfg=init_cfg)
        self.self_attn = PostNormAttention(embed_dims, num_heads, dropout)
        self.ffn = _PostNormFFN(embed_dims, feedforward_channels, dropout)

    def forward(self, x: Tensor, pos: Tensor,
                key_padding_mask: Optional[Tensor]) -> Tensor:
        """(B, L, C) tokens, (B, L, C) positions, (B, L) mask -> (B, L, C)."""
        x = self.self_attn(x, pos, key_padding_mask=key_padding_mask)
        return self.ffn(x)


@MODELS.register_module()
class TubeREncoder(BaseModule):
    """``F_en = Encoder(F_b)`` (Eq. 6.2): a stack of post-norm layers over the
    T'·H'·W' backbone tokens.

    Args:
        num_layers (int): number of layers n (6 on AVA, 3 on UCF101-24 and
            J-HMDB).
        layer_cfg (dict): kwargs of :class:`TubeREncoderLayer`.
    """

    def __init__(self,
                 num_layers: int = 6,
                 layer_cfg: Optional[dict] = None,
                 init_cfg=None) -> None:
        super().__init__(init_cfg=init_cfg)
        if num_layers < 1:
            raise ValueError(f'num_layers must be >= 1, got {num_layers}')
        layer_cfg = layer_cfg or {}
        self.embed_dims = layer_cfg.get('embed_dims', 256)
        self.layers = ModuleList(
            [TubeREncoderLayer(**layer_cfg) for _ in range(num_layers)])

    def forward(self, x: Tensor, pos: Tensor,
                key_padding_mask: Optional[Tensor] = None) -> Tensor:
        """Encode tokens.

        Args:
            x (Tensor): (B, L, C) backbone tokens, L = T'·H'·W'.
            pos (Tensor): (B, L, C) 3-D positional embedding.
            key_padding_mask (Tensor, optional): (B, L) bool, True on tokens
                that come from the padded area.

        Returns:
            Tensor: (B, L, C) encoded tokens ``F_en``.
        """
        for layer in self.layers:
            x = layer(x, pos, key_padding_mask)
        return x


@MODELS.register_module()
class TubeRDecoderLayer(BaseModule):
    """One decoder layer: tubelet attention (Eq. 6.7), cross-attention to the
    encoder memory (Eq. 6.6), FFN; each sub-layer post-norm.

    Args:
        embed_dims (int): query channels C'. Defaults to 256.
        num_heads (int): attention heads. Defaults to 8.
        feedforward_channels (int): FFN hidden channels. Defaults to 2048.
        dropout (float): dropout rate. Defaults to 0.1.
        attn_mode (str): ``'tubelet'`` (spatial then temporal self-attention)
            or ``'self'`` (one self-attention over all N·T queries), see
            :class:`TubeletAttention`. Defaults to ``'tubelet'``.
    """

    def __init__(self,
                 embed_dims: int = 256,
                 num_heads: int = 8,
                 feedforward_channels: int = 2048,
                 dropout: float = 0.1,
                 attn_mode: str = 'tubelet',
                 init_cfg=None) -> None:
        super().__init__(init_cfg=init_cfg)
        self.tubelet_attn = TubeletAttention(embed_dims, num_heads, dropout,
                                             attn_mode)
        self.cross_attn = PostNormAttention(embed_dims, num_heads, dropout)
        self.ffn = _PostNormFFN(embed_dims, feedforward_channels, dropout)

    def forward(self, query: Tensor, query_pos: Optional[Tensor],
                memory: Tensor, memory_pos: Optional[Tensor],
                memory_mask: Optional[Tensor]) -> Tensor:
        """(B, N, T, C) queries attend to (B, L, C) memory -> (B, N, T, C)."""
        B, N, T, C = query.shape
        query = self.tubelet_attn(query, query_pos)
        query = self.cross_attn(
            query.reshape(B, N * T, C),
            None if query_pos is None else query_pos.reshape(B, N * T, C),
            memory, memory_pos, memory_mask,
            self.cross_attn_mask(N, T, memory.size(1), memory.device))
        return self.ffn(query).view(B, N, T, C)

    def cross_attn_mask(self, num_queries: int, query_frames: int,
                        memory_len: int,
                        device: torch.device) -> Optional[Tensor]:
        """(N·T_q, L) bool mask of the cross-attention, True where a box
        query may not attend to a memory token: None, every box query reads
        the whole memory (Eq. 6.6)."""
        return None


@MODELS.register_module()
class FrameLocalTubeRDecoderLayer(TubeRDecoderLayer):
    """A decoder layer whose box query of output frame t reads the memory
    tokens of frame t only (H'·W' of the T_out·H'·W'): our option beyond the
    thesis, whose cross-attention (Eq. 6.6) reads the whole memory.

    A memory of L = T_out·H'·W' tokens (TubeR's, frame-major) and tubelet
    queries (T_q = T_out) are needed.
    """

    def cross_attn_mask(self, num_queries: int, query_frames: int,
                        memory_len: int, device: torch.device) -> Tensor:
        if memory_len % query_frames:
            raise ValueError(
                f'frame-local cross-attention needs a memory of T_q = '
                f'{query_frames} frames (tubelet queries, one box query per '
                f'output frame), got {memory_len} tokens')
        frame = torch.arange(query_frames, device=device)
        token_frame = torch.arange(memory_len, device=device) // (
            memory_len // query_frames)
        return (frame[:, None] != token_frame).repeat(num_queries, 1)


@MODELS.register_module()
class TubeRDecoder(BaseModule):
    """``F_tub = Decoder(F_q, F_en)`` (Eq. 6.5): a stack of
    :class:`TubeRDecoderLayer` returning every layer's normalised output for
    the auxiliary losses.

    Args:
        num_layers (int): number of layers n.
        layer_cfg (dict): config of the layers, :class:`TubeRDecoderLayer`
            unless it names another ``type``
            (:class:`FrameLocalTubeRDecoderLayer`).
    """

    def __init__(self,
                 num_layers: int = 6,
                 layer_cfg: Optional[dict] = None,
                 init_cfg=None) -> None:
        super().__init__(init_cfg=init_cfg)
        if num_layers < 1:
            raise ValueError(f'num_layers must be >= 1, got {num_layers}')
        layer_cfg = {'type': 'TubeRDecoderLayer', **(layer_cfg or {})}
        self.embed_dims = layer_cfg.get('embed_dims', 256)
        self.layers = ModuleList(
            [MODELS.build(layer_cfg) for _ in range(num_layers)])
        self.norm = nn.LayerNorm(self.embed_dims)

    def forward(self,
                query: Tensor,
                query_pos: Optional[Tensor],
                memory: Tensor,
                memory_pos: Optional[Tensor] = None,
                memory_mask: Optional[Tensor] = None,
                update_pos: Optional[Callable[[Tensor], Tensor]] = None
                ) -> Tensor:
        """Decode tubelet queries.

        Args:
            query (Tensor): (B, N, T, C) box query embeddings (T = T_out for
                tubelet queries, 1 for a single query per tubelet).
            query_pos (Tensor, optional): (B, N, T, C) query positions.
            memory (Tensor): (B, L, C) encoder output ``F_en``.
            memory_pos (Tensor, optional): (B, L, C) memory positions.
            memory_mask (Tensor, optional): (B, L) bool key-padding mask.
            update_pos (callable, optional): called with the normalised
                output (B, N, T, C) of every layer but the last; returns the
                query positions of the next layer (iterative box
                refinement, see ``TubeRWithProposals``). None keeps
                ``query_pos``.

        Returns:
            Tensor: (num_layers, B, N, T, C) output of every layer.
        """
        outs = []
        for i, layer in enumerate(self.layers):
            query = layer(query, query_pos, memory, memory_pos, memory_mask)
            outs.append(self.norm(query))
            if update_pos is not None and i < len(self.layers) - 1:
                query_pos = update_pos(outs[-1])
        return torch.stack(outs)
