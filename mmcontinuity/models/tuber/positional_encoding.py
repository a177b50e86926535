"""3-D sine positional embedding of the TubeR encoder (Sec. 6.3.1, Eq. 6.4)."""
import math
from typing import Sequence

import torch
from mmaction.registry import MODELS
from mmengine.model import BaseModule
from torch import Tensor


def sine_embed(position: Tensor, num_feats: int,
               temperature: float = 10000.) -> Tensor:
    """Sine/cosine features of positions: (...) -> (..., num_feats).

    Channel pair (2i, 2i+1) holds ``sin, cos(position / temperature^(2i /
    num_feats))``.
    """
    idx = torch.arange(num_feats, dtype=torch.float32, device=position.device)
    dim_t = temperature**(2 * (idx // 2) / num_feats)
    pos = position[..., None].float() / dim_t
    return torch.stack((pos[..., 0::2].sin(), pos[..., 1::2].cos()),
                       dim=-1).flatten(-2)


@MODELS.register_module()
class SinePositionalEncoding3D(BaseModule):
    """Sine/cosine embedding of the (t, y, x) position of every token.

    ``Emb_pos`` of Eq. 6.4: the DETR sine embedding extended to three axes as
    in VTN [239]. Each axis gets its own block of channels; the blocks are
    concatenated in the order (t, y, x). Positions are counted over the valid
    (unpadded) tokens only, so a padded sample embeds its real content exactly
    like an unpadded one of the same size.

    Args:
        num_feats (Sequence[int]): channels of the (t, y, x) blocks, each
            even; their sum is the embedding dimension (e.g. ``(64, 96, 96)``
            for d = 256).
        temperature (float): base of the frequencies. Defaults to 10000.
        normalize (bool): rescale each axis' positions to ``[0, scale]`` over
            the valid extent of the sample. Defaults to True.
        scale (float): range of normalised positions. Defaults to 2π.
        eps (float): guards the normalisation. Defaults to 1e-6.
    """

    def __init__(self,
                 num_feats: Sequence[int] = (64, 96, 96),
                 temperature: float = 10000.,
                 normalize: bool = True,
                 scale: float = 2 * math.pi,
                 eps: float = 1e-6,
                 init_cfg=None) -> None:
        super().__init__(init_cfg=init_cfg)
        num_feats = tuple(int(n) for n in num_feats)
        if len(num_feats) != 3 or any(n <= 0 or n % 2 for n in num_feats):
            raise ValueError('num_feats must be three positive even ints '
                             f'(t, y, x), got {num_feats}')
        self.num_feats = num_feats
        self.temperature = temperature
        self.normalize = normalize
        self.scale = scale
        self.eps = eps

    @property
    def embed_dims(self) -> int:
        return sum(self.num_feats)

    def embed_points(self, points: Tensor) -> Tensor:
        """Embed continuous points of the normalised clip volume.

        A token at normalised position ``(t, y, x)`` (its centre, in
        ``[0, 1]`` over the valid extent) gets the same embedding from this
        method and from :meth:`forward` (with ``normalize=True``).

        Args:
            points (Tensor): (..., 3) normalised (t, y, x).

        Returns:
            Tensor: (..., sum(num_feats)) embedding.
        """
        if not self.normalize:
            raise ValueError('embed_points needs normalize=True')
        if points.size(-1) != 3:
            raise ValueError('points must be (..., 3) (t, y, x), got shape '
                             f'{tuple(points.shape)}')
        return torch.cat([
            sine_embed(points[..., i] * self.scale, n, self.temperature)
            for i, n in enumerate(self.num_feats)
        ], -1)

    def embed_frames(self, num_frames: int) -> Tensor:
        """Temporal embedding of the frames of an unpadded token grid.

        Row t is the embedding that :meth:`forward` gives every token of
        frame t of a ``num_frames``-frame grid on the temporal channels (the
        first ``num_feats[0]``), zero on the spatial ones: with
        ``normalize``, ``sin, cos(s_t / temperature^(2i / num_feats[0]))`` of
        ``s_t = (t + 0.5) / num_frames · scale``.

        Returns:
            Tensor: (num_frames, sum(num_feats)) embedding.
        """
        if num_frames < 1:
            raise ValueError(f'num_frames must be >= 1, got {num_frames}')
        # forward on a one-pixel grid of unpadded frames: (T, channels)
        unpadded = torch.zeros(1, num_frames, 1, 1, dtype=torch.bool)
        embed = self(unpadded)[0, :, :, 0, 0].t().contiguous()
        embed[:, self.num_feats[0]:] = 0
        return embed

    def forward(self, mask: Tensor) -> Tensor:
        """Embed the positions of a token grid.

        Args:
            mask (Tensor): (B, T, H, W) bool, True on padded tokens.

        Returns:
            Tensor: (B, sum(num_feats), T, H, W) positional embedding.
        """
        if mask.dim() != 4:
            raise ValueError(
                f'mask must be (B, T, H, W), got shape {tuple(mask.shape)}')
        not_mask = (~mask).float()
        embeds = []
        for axis, num_feats in zip((1, 2, 3), self.num_feats):
            position = not_mask.cumsum(axis)
            if self.normalize:
                extent = position.amax(dim=axis, keepdim=True)
                position = (position - 0.5) / (extent + self.eps) * self.scale
            embeds.append(sine_embed(position, num_feats, self.temperature))
        return torch.cat(embeds, dim=-1).permute(0, 4, 1, 2, 3).contiguous()
