"""Two-stream action recognition by test-time score averaging (Table 4.1,
right: the two-stream TSN the two-in-one TSN is compared with)."""
from typing import List, Optional, Union

import torch
from mmaction.registry import MODELS
from mmengine.model import BaseModel
from torch import Tensor

from ..tuber.two_stage_baseline import ModelSpec
from .fusion import build_stream


@MODELS.register_module()
class TwoStreamRecognizer(BaseModel):
    """An RGB and an optical-flow recognizer (e.g. two TSNs), each trained
    alone with its own config, fused at test time by averaging their class
    probabilities:

    .. math::
        p(c \\mid x) = \\tfrac{1}{2} \\big(p_{rgb}(c \\mid x_{rgb}) +
        p_{flow}(c \\mid x_{flow})\\big)

    (``pred_score`` (C,) of each stream, which mmaction2's heads already
    average over the segments / clips with ``average_clips='prob'``).

    The inputs are RGB + flow frames as ``StackFlow`` stacks them,
    ``FormatShape`` giving (N, C, H, W) (``'NCHW'``) or (N, C, T, H, W)
    (``'NCTHW'``) per sample: channels ``[0, 3)`` go to the RGB stream,
    ``[3, C)`` to the flow stream, each normalised by its own data
    preprocessor. ``rgb_checkpoint`` and ``flow_checkpoint`` are loaded
    when the model is built and ``init_weights`` leaves them alone, so
    ``tools/test.py CONFIG`` runs without a checkpoint of the fused model.
    Inference only: ``mode='loss'`` and ``'tensor'`` raise.

    Args:
        rgb (str | dict): the RGB recognizer: a config file (its
            ``model``), ``dict(config=path, **overrides)`` or a model
            config.
        flow (str | dict): the flow recognizer, likewise.
        rgb_checkpoint (str, optional): weights of the RGB stream.
        flow_checkpoint (str, optional): weights of the flow stream.
        data_preprocessor (dict, optional): of the fused model; defaults to
            MMEngine's ``BaseDataPreprocessor``, which only moves the inputs
            to the device (the streams batch them).
    """

    rgb_channels = 3

    def __init__(self,
                 rgb: ModelSpec,
                 flow: ModelSpec,
                 rgb_checkpoint: Optional[str] = None,
                 flow_checkpoint: Optional[str] = None,
                 data_preprocessor: Optional[dict] = None,
                 init_cfg=None) -> None:
        super().__init__(
            data_preprocessor=data_preprocessor, init_cfg=init_cfg)
        self.rgb = build_stream(rgb, rgb_checkpoint)
        self.flow = build_stream(flow, flow_checkpoint)

    def _split(self, inputs: List[Tensor], data_samples: list):
        """RGB and flow channels of every sample's (N, C, ...) frames."""
        for frames, sample in zip(inputs, data_samples):
            if frames.dim() < 4 or frames.size(1) <= self.rgb_channels:
                raise ValueError(
                    f"sample {sample.metainfo.get('frame_dir')!r}: "
                    'TwoStreamRecognizer needs RGB + flow frames (N, C > 3, '
                    f'...) (StackFlow), got shape {tuple(frames.shape)}')
        return ([frames[:, :self.rgb_channels] for frames in inputs],
                [frames[:, self.rgb_channels:] for frames in inputs])

    @staticmethod
    def _predict_stream(stream, inputs: List[Tensor],
                        data_samples: list) -> Tensor:
        """(B, C) class probabilities of the stream."""
        data = stream.data_preprocessor(
            dict(inputs=inputs,
                 data_samples=[s.clone() for s in data_samples]), False)
        return torch.stack(
            [s.pred_score for s in stream(**data, mode='predict')])

    def predict(self, inputs: List[Tensor], data_samples: list) -> list:
        """Fill ``pred_score`` of the data samples with the averaged class
        probabilities (C,).

        Args:
            inputs (list[Tensor]): B samples of RGB + flow frames.
            data_samples (list[ActionDataSample]): their data samples.
        """
        rgb_inputs, flow_inputs = self._split(inputs, data_samples)
        scores = (self._predict_stream(self.rgb, rgb_inputs, data_samples) +
                  self._predict_stream(self.flow, flow_inputs,
                                       data_samples)) / 2
        for sample, score in zip(data_samples, scores):
            sample.set_pred_score(score)
        return data_samples

    def forward(self,
                inputs: Union[Tensor, List[Tensor]],
                data_samples: Optional[list] = None,
                mode: str = 'predict') -> list:
        """``mode='predict'`` only: the streams are trained separately,
        each with its own config."""
        if mode != 'predict':
            raise RuntimeError(
                f'TwoStreamRecognizer only predicts, got mode={mode!r}: '
                'train the RGB and the flow stream with their own configs')
        return self.predict(list(inputs), data_samples)
