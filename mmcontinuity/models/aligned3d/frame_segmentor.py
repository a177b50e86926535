"""Per-frame video object segmentation baseline (DAVIS-2016, Table 5.8)."""
import torch
from mmaction.registry import MODELS
from mmengine.model import BaseModel
from mmengine.structures import PixelData
from mmseg.structures import SegDataSample


@MODELS.register_module()
class FrameSegmentor(BaseModel):
    """Segment every frame of a clip with an image segmentor.

    The baseline that ignores time: clips ``inputs`` (B, C, T, H, W) are cut
    into B * T frames for an mmseg segmentor (e.g. mmseg's ``EncoderDecoder``
    with ``num_classes=2``: background, object). Training: each frame's
    ``gt_masks`` (H, W) in {0, 1} of the ``ActionDataSample``
    (``PackTubeletInputs``) is its ``gt_sem_seg``, and the segmentor's own
    losses are returned. Prediction: every data sample gets ``pred_masks``
    (T, H, W), the softmax probability of class 1 at the input resolution,
    which is what ``DAVISMetric`` reads.

    Args:
        segmentor (dict): Config of the mmseg segmentor, without a data
            preprocessor; with ``_scope_='mmseg'`` when the default scope is
            mmaction (its backbone and heads are then found in mmseg).
        data_preprocessor (dict, optional): Clip preprocessor, e.g.
            mmaction2's ``ActionDataPreprocessor`` with
            ``format_shape='NCTHW'``.
        init_cfg (dict, optional): Initialisation config.
    """

    def __init__(self, segmentor, data_preprocessor=None, init_cfg=None):
        super().__init__(data_preprocessor=data_preprocessor,
                         init_cfg=init_cfg)
        self.segmentor = MODELS.build(segmentor)

    @staticmethod
    def _frames(inputs):
        """(B, C, T, H, W) -> (B * T, C, H, W), frames of a clip adjacent."""
        if inputs.dim() != 5:
            raise ValueError(f'FrameSegmentor expects clips (B, C, T, H, W), '
                             f'got shape {tuple(inputs.shape)}')
        b, c, t, h, w = inputs.shape
        return inputs.transpose(1, 2).reshape(b * t, c, h, w), t

    @staticmethod
    def _frame_samples(data_samples, num_frames, shape, with_gt):
        samples = []
        for sample in data_samples:
            masks = sample.gt_masks if with_gt else None
            if with_gt and tuple(masks.shape) != (num_frames, ) + shape:
                raise ValueError(f'gt_masks {tuple(masks.shape)} do not match '
                                 f'the clip ({num_frames}, {shape})')
            for t in range(num_frames):
                frame = SegDataSample(metainfo=dict(
                    img_shape=shape, ori_shape=shape, pad_shape=shape))
                if with_gt:
                    frame.gt_sem_seg = PixelData(data=masks[t][None].long())
                samples.append(frame)
        return samples

    def forward(self, inputs, data_samples=None, mode='tensor'):
        frames, t = self._frames(inputs)
        shape = tuple(frames.shape[-2:])
        if mode == 'loss':
            return self.segmentor.loss(
                frames, self._frame_samples(data_samples, t, shape, True))
        if mode == 'predict':
            results = self.segmentor.predict(
                frames, self._frame_samples(data_samples, t, shape, False))
            probs = torch.stack([r.seg_logits.data for r in results])
            probs = probs.softmax(1)[:, 1].reshape(len(data_samples), t,
                                                   *shape)
            for sample, clip in zip(data_samples, probs):
                sample.pred_masks = clip
            return data_samples
        if mode == 'tensor':
            return self.segmentor(frames, mode='tensor')
        raise RuntimeError(f'invalid mode {mode!r}; expected loss, predict '
                           'or tensor')
