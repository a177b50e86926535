"""Batching of tubelet clips with a key-padding mask."""
from typing import List, Optional, Sequence, Tuple, Union

import torch
import torch.nn.functional as F
from mmaction.models import ActionDataPreprocessor
from mmaction.registry import MODELS
from torch import Tensor


@MODELS.register_module()
class TubeletDataPreprocessor(ActionDataPreprocessor):
    """Normalise clips, pad them to a common size and record the padding.

    Each clip (C, T, H, W) is converted to float, optionally BGR→RGB (the
    first three channels; RGB + flow clips have C = 5), normalised, then
    zero-padded at the bottom and right to the largest H, W of the batch
    rounded up to ``pad_size_divisor`` (all clips of a batch must have the
    same C and T). Every data sample gets

    * ``padding_mask``: (H_pad, W_pad) bool tensor, True on padded pixels,
      from which the model derives the transformer key-padding mask;
    * metainfo ``batch_input_shape`` = (H_pad, W_pad) and ``pad_shape``.

    Args:
        mean, std (Sequence[float], optional): per-channel normalisation.
        to_rgb (bool): flip the channel order. Defaults to False.
        pad_size_divisor (int): padded H and W are multiples of it.
            Defaults to 1.
        memory_format (str): layout of the batch in memory, ``'contiguous'``
            (N, C, T, H, W) or ``'channels_last_3d'`` (C innermost; same
            shape and values). On the CPU, oneDNN's gradient of a 3D
            convolution on a 5-channel (RGB + flow) clip is several times
            faster on a channels-last input (2 or 3 channels: about the
            same either way; configs/tuber/README.md, "Where the training
            step's time goes"). Defaults to ``'contiguous'``.
    """

    memory_formats = dict(
        contiguous=torch.contiguous_format,
        channels_last_3d=torch.channels_last_3d)

    def __init__(self,
                 mean: Optional[Sequence[Union[float, int]]] = None,
                 std: Optional[Sequence[Union[float, int]]] = None,
                 to_rgb: bool = False,
                 pad_size_divisor: int = 1,
                 memory_format: str = 'contiguous') -> None:
        super().__init__(
            mean=mean, std=std, to_rgb=to_rgb, format_shape='NCTHW')
        if pad_size_divisor < 1:
            raise ValueError(
                f'pad_size_divisor must be >= 1, got {pad_size_divisor}')
        if memory_format not in self.memory_formats:
            raise ValueError(
                f'memory_format must be one of {sorted(self.memory_formats)}'
                f', got {memory_format!r}')
        self.pad_size_divisor = pad_size_divisor
        self.memory_format = memory_format

    @staticmethod
    def _as_clip(clip: Tensor) -> Tensor:
        """Accept (C, T, H, W), or mmaction's (1, C, T, H, W)."""
        if clip.dim() == 5 and clip.size(0) == 1:
            clip = clip[0]
        if clip.dim() != 4:
            raise ValueError('each input must be one clip (C, T, H, W), got '
                             f'shape {tuple(clip.shape)}')
        return clip

    def preprocess(self,
                   inputs: List[Tensor],
                   data_samples: Optional[list],
                   training: bool = False) -> Tuple[Tensor, Optional[list]]:
        """Normalise and pad a list of clips.

        Returns:
            tuple: (B, C, T, H_pad, W_pad) float batch in ``memory_format``
            and the data samples (updated in place).
        """
        clips = [self._as_clip(clip).float() for clip in inputs]
        if len({clip.shape[:2] for clip in clips}) != 1:
            raise ValueError('clips of a batch must share (C, T), got '
                             f'{[tuple(c.shape[:2]) for c in clips]}')
        if self.to_rgb:  # BGR -> RGB; further (flow) channels stay
            order = [2, 1, 0, *range(3, clips[0].size(0))]
            clips = [clip[order] for clip in clips]
        if self._enable_normalize:
            clips = [(clip - self.mean) / self.std for clip in clips]
        div = self.pad_size_divisor
        pad_h = -(-max(clip.size(-2) for clip in clips) // div) * div
        pad_w = -(-max(clip.size(-1) for clip in clips) // div) * div
        batch = torch.stack([
            F.pad(clip, (0, pad_w - clip.size(-1), 0, pad_h - clip.size(-2)))
            for clip in clips
        ]).contiguous(memory_format=self.memory_formats[self.memory_format])
        if data_samples is not None:
            for clip, sample in zip(clips, data_samples):
                mask = torch.ones(
                    pad_h, pad_w, dtype=torch.bool, device=batch.device)
                mask[:clip.size(-2), :clip.size(-1)] = False
                sample.padding_mask = mask
                sample.set_metainfo(
                    dict(
                        batch_input_shape=(pad_h, pad_w),
                        pad_shape=(pad_h, pad_w)))
        return batch, data_samples
