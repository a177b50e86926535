"""Tubelet queries of TubeR (Sec. 6.3.2)."""
from typing import Optional

import torch
import torch.nn as nn
from mmaction.registry import MODELS
from mmengine.model import BaseModule
from torch import Tensor

from .positional_encoding import sine_embed


@MODELS.register_module()
class TubeletQueries(BaseModule):
    """The learnt tubelet queries ``Q = {q_1, ..., q_N}`` (Sec. 6.3.2).

    A tubelet query ``q_i = {q_i,1, ..., q_i,T_q}`` has one box query
    embedding per group of ``frames_per_query`` output frames, so
    ``T_q = T_out / frames_per_query``: ``T_q = T_out`` (tubelet queries, a
    box query embedding per output frame) or ``T_q = 1`` (a single query per
    tubelet that regresses all T_out boxes, Table 6.1a). The embeddings of a
    tubelet are initialised identically, and a fixed frame embedding ``e_t``
    of the box query's frame is added to them (the decoder is otherwise
    equivariant over frames, so identical embeddings would stay identical).
    The thesis does not say how; ``frame_embed`` chooses ``e_t``:

    * ``'index'``: a sine embedding of the box query index t over all d
      channels (:func:`sine_embed`), independent of the memory's positions;
    * ``'encoder'`` (ours): the encoder's temporal positional embedding of
      the memory tokens of output frame t
      (:meth:`SinePositionalEncoding3D.embed_frames`, zero on the spatial
      channels), so the box query of frame t and the keys of frame t's
      tokens carry the same temporal term in Eq. 6.6.

    Args:
        num_frames (int): output frames T_out of a tubelet.
        num_queries (int): tubelet queries N. Defaults to 15.
        embed_dims (int): channels d (TubeR fills it in). Defaults to 256.
        frames_per_query (int): output frames regressed by one box query
            embedding (TubeR fills in its box head's). Defaults to 1.
        frame_embed (str): ``'index'`` or ``'encoder'``. Defaults to
            ``'index'``.
        positional_encoding (SinePositionalEncoding3D, optional): the
            encoder's (TubeR fills it in); needed by ``'encoder'``.
    """

    frame_embeds = ('index', 'encoder')

    def __init__(self,
                 num_frames: int,
                 num_queries: int = 15,
                 embed_dims: int = 256,
                 frames_per_query: int = 1,
                 frame_embed: str = 'index',
                 positional_encoding: Optional[nn.Module] = None,
                 init_cfg=None) -> None:
        super().__init__(init_cfg=init_cfg)
        if num_frames < 1 or num_queries < 1:
            raise ValueError('num_frames and num_queries must be >= 1, got '
                             f'{num_frames} and {num_queries}')
        if frames_per_query < 1 or num_frames % frames_per_query:
            raise ValueError(
                f'frames_per_query={frames_per_query} (of the box head) must '
                f'divide num_frames={num_frames}')
        self.num_frames = num_frames
        self.num_queries = num_queries
        self.query_frames = num_frames // frames_per_query
        self.query_embed = nn.Parameter(
            torch.randn(num_queries, 1, embed_dims).repeat(
                1, self.query_frames, 1))
        self.register_buffer(
            'frame_embed',
            self._frame_embed(frame_embed, embed_dims, positional_encoding),
            persistent=False)

    def _frame_embed(self, frame_embed: str, embed_dims: int,
                     positional_encoding: Optional[nn.Module]) -> Tensor:
        """(T_q, d) frame embeddings ``e_t`` of the box queries."""
        if frame_embed not in self.frame_embeds:
            raise ValueError(f'frame_embed must be one of '
                             f'{self.frame_embeds}, got {frame_embed!r}')
        if frame_embed == 'index':
            return sine_embed(torch.arange(self.query_frames), embed_dims)
        if positional_encoding is None:
            raise ValueError("frame_embed='encoder' needs the encoder's "
                             'positional_encoding (TubeR fills it in)')
        embed = positional_encoding.embed_frames(self.query_frames)
        if embed.size(-1) != embed_dims:
            raise ValueError(f'the positional encoding has {embed.size(-1)} '
                             f'channels, the queries {embed_dims}')
        return embed

    def forward(self, batch_size: int) -> Tensor:
        """(B, N, T_q, d) box query embeddings of a batch of clips."""
        return (self.query_embed + self.frame_embed).expand(
            batch_size, -1, -1, -1)
