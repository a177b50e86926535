"""Two-stream TubeR by late fusion: the two-stream of Chapter 4 ([240]),
an RGB and an optical-flow network trained separately and fused at test
time."""
from typing import List, Optional

from mmaction.registry import MODELS
from mmengine.model import BaseModel
from mmengine.runner import load_checkpoint
from torch import Tensor

from .tta import merge_tubelets
from .two_stage_baseline import ModelSpec, build_from_spec


@MODELS.register_module()
class TubeRLateFusion(BaseModel):
    """An RGB and an optical-flow TubeR, each trained on its own modality
    with its own config, whose tubelets are fused clip by clip at test time
    (the late, mean fusion of two-stream detectors, Sec. 4.3 and Table B.1;
    the mid-level fusion inside one model is :class:`TwoStreamTubeR`).

    The clips are RGB + flow, as ``PackTubeletInputs`` stacks them after
    ``LoadFlowFrames``: channels ``[0, 3)`` RGB, ``[3, C)`` flow x, y. The
    RGB stream sees the first three, the flow stream the others, and each
    normalises and pads them with its own data preprocessor. Each stream
    predicts N tubelets; :func:`merge_tubelets` pairs the flow tubelets one
    to one with the RGB ones (Hungarian algorithm on the mean IoU over
    frames, as the 2-view test) and a pair with an IoU of at least
    ``iou_thr`` is one detection:

    .. math::
        b = (b_{rgb} + b_{flow}) / 2, \\quad
        s = (s_{rgb} + s_{flow}) / 2, \\quad
        p_{switch} = (p_{rgb} + p_{flow}) / 2

    (boxes (T_out, 4), class scores (C,), switch scores (T_out,)). An RGB
    tubelet without a partner keeps its own prediction and an unpaired flow
    tubelet is dropped, so a clip keeps the RGB stream's N tubelets (the
    tubelet stitching needs the same N in every clip); ``action_on`` comes
    from the averaged switch with the RGB stream's ``test_cfg.switch_thr``.
    Both streams must give the same output (``test_cfg.output``) on the
    same frames.

    Weights: ``rgb_checkpoint`` and ``flow_checkpoint`` (each stream's own
    training checkpoint) are loaded when the model is built, and
    ``init_weights`` leaves a loaded stream alone, so ``tools/test.py
    CONFIG`` runs without a checkpoint of the fused model. Inference only:
    ``mode='loss'`` and ``'tensor'`` raise.

    Args:
        rgb (str | dict): the RGB stream: a config file (its ``model``),
            ``dict(config=path, **overrides)`` or a model config, see
            :func:`build_from_spec`.
        flow (str | dict): the flow stream, likewise.
        rgb_checkpoint (str, optional): weights of the RGB stream.
        flow_checkpoint (str, optional): weights of the flow stream.
        iou_thr (float): smallest IoU of a fused pair. Defaults to 0.5.
        data_preprocessor (dict, optional): of the fused model; defaults to
            MMEngine's ``BaseDataPreprocessor``, which only moves the clips
            to the device (the streams batch them).
    """

    rgb_channels = 3

    def __init__(self,
                 rgb: ModelSpec,
                 flow: ModelSpec,
                 rgb_checkpoint: Optional[str] = None,
                 flow_checkpoint: Optional[str] = None,
                 iou_thr: float = 0.5,
                 data_preprocessor: Optional[dict] = None,
                 init_cfg=None) -> None:
        super().__init__(
            data_preprocessor=data_preprocessor, init_cfg=init_cfg)
        if not 0 <= iou_thr <= 1:
            raise ValueError(f'iou_thr must be in [0, 1], got {iou_thr}')
        self.iou_thr = iou_thr
        self.rgb = self._build_stream(rgb, rgb_checkpoint)
        self.flow = self._build_stream(flow, flow_checkpoint)

    @property
    def test_cfg(self) -> dict:
        """The RGB stream's ``test_cfg``: its ``switch_thr`` sets the fused
        ``action_on`` (also for :class:`TubeRTTAModel` around the fused
        model)."""
        return self.rgb.test_cfg

    @staticmethod
    def _build_stream(spec: ModelSpec, checkpoint: Optional[str]):
        stream = build_from_spec(spec)
        if checkpoint:
            load_checkpoint(stream, checkpoint, map_location='cpu',
                            strict=True)
            stream._is_init = True  # init_weights keeps the checkpoint
        return stream

    def _split(self, inputs: List[Tensor], data_samples: list):
        """RGB (3, T, H, W) and flow (C - 3, T, H, W) parts of every clip
        (C, T, H, W), or of mmaction2's (1, C, T, H, W)."""
        for clip, sample in zip(inputs, data_samples):
            if clip.dim() < 4 or clip.size(-4) <= self.rgb_channels:
                raise ValueError(
                    f"sample {sample.metainfo.get('video_id')!r}: "
                    'TubeRLateFusion needs RGB + flow clips (C > 3 channels,'
                    f' LoadFlowFrames), got shape {tuple(clip.shape)}')
        return ([clip[..., :self.rgb_channels, :, :, :] for clip in inputs],
                [clip[..., self.rgb_channels:, :, :, :] for clip in inputs])

    @staticmethod
    def _predict_stream(stream, clips: List[Tensor],
                        data_samples: list) -> list:
        """The stream's data samples with ``pred_instances``, on copies of
        ``data_samples``."""
        data = stream.data_preprocessor(
            dict(inputs=clips,
                 data_samples=[s.clone() for s in data_samples]), False)
        return stream(**data, mode='predict')

    def predict(self, inputs: List[Tensor], data_samples: list) -> list:
        """Fused tubelets of every clip; fills ``pred_instances`` of the data
        samples as :meth:`TubeR.predict` does.

        Args:
            inputs (list[Tensor]): B RGB + flow clips (C, T, H, W).
            data_samples (list): their data samples.
        """
        rgb_clips, flow_clips = self._split(inputs, data_samples)
        rgb = self._predict_stream(self.rgb, rgb_clips, data_samples)
        flow = self._predict_stream(self.flow, flow_clips, data_samples)
        switch_thr = self.test_cfg['switch_thr']
        for sample, rgb_sample, flow_sample in zip(data_samples, rgb, flow):
            sample.pred_instances = merge_tubelets(
                [rgb_sample.pred_instances, flow_sample.pred_instances],
                self.iou_thr, switch_thr)
        return data_samples

    def forward(self,
                inputs: List[Tensor],
                data_samples: Optional[list] = None,
                mode: str = 'predict') -> list:
        """``mode='predict'`` only: the streams are trained separately,
        each with its own config."""
        if mode != 'predict':
            raise RuntimeError(
                f'TubeRLateFusion only predicts, got mode={mode!r}: train '
                'the RGB and the flow stream with their own configs')
        return self.predict(inputs, data_samples)
