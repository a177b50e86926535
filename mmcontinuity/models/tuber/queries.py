"""Tubelet queries of TubeR (Sec. 6.3.2)."""
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
    tubelet are initialised identically, and a fixed sine embedding of the
    box query index is added to them (the decoder is otherwise equivariant
    over frames, so identical embeddings would stay identical).

    Args:
        num_frames (int): output frames T_out of a tubelet.
        num_queries (int): tubelet queries N. Defaults to 15.
        embed_dims (int): channels d (TubeR fills it in). Defaults to 256.
        frames_per_query (int): output frames regressed by one box query
            embedding (TubeR fills in its box head's). Defaults to 1.
    """

    def __init__(self,
                 num_frames: int,
                 num_queries: int = 15,
                 embed_dims: int = 256,
                 frames_per_query: int = 1,
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
            sine_embed(torch.arange(self.query_frames), embed_dims),
            persistent=False)

    def forward(self, batch_size: int) -> Tensor:
        """(B, N, T_q, d) box query embeddings of a batch of clips."""
        return (self.query_embed + self.frame_embed).expand(
            batch_size, -1, -1, -1)
