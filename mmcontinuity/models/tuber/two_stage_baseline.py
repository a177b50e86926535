"""Two-stage AVA action detector (person detector + RoI action classifier),
the baseline that TubeR is timed against (Sec. 6.4, Table 6.2)."""
from typing import List, Optional, Sequence, Union

import torch
import torch.nn.functional as F
from mmaction.registry import MODELS
from mmaction.structures import ActionDataSample
from mmdet.structures import DetDataSample
from mmengine.config import Config, ConfigDict
from mmengine.hub import get_config
from mmengine.model import BaseModel
from mmengine.registry import MODELS as ROOT_MODELS
from mmengine.runner import load_checkpoint
from mmengine.structures import InstanceData
from torch import Tensor

ModelSpec = Union[str, dict, ConfigDict]


def build_from_spec(spec: ModelSpec) -> torch.nn.Module:
    """Build a model from a config dict, or from the ``model`` of a config
    file: a path (``'mmdet::faster_rcnn/faster-rcnn_r50_fpn_2x_coco.py'``)
    or ``dict(config=path, **overrides)`` whose other keys are merged into
    that ``model``. A file's model is built in the file's ``default_scope``
    unless it names its own ``_scope_``."""
    if isinstance(spec, str):
        spec = dict(config=spec)
    spec = ConfigDict(spec)
    path = spec.pop('config', None)
    if path is None:
        return ROOT_MODELS.build(spec)
    cfg = get_config(path) if '::' in path else Config.fromfile(path)
    if cfg.get('default_scope'):
        cfg.model.setdefault('_scope_', cfg.default_scope)
    cfg.merge_from_dict(dict(model=spec.to_dict()))
    return ROOT_MODELS.build(cfg.model)


@MODELS.register_module()
class TwoStageActionDetector(BaseModel):
    """Person boxes from an image detector on the key frame, classified by
    an RoI action detector on a clip around it; inference only.

    This is mmaction2's spatio-temporal demo pipeline as one model: the key
    frame is resized to the detector's test scale (``det_scale``, keeping the
    aspect ratio, as mmdet's test pipeline does), boxes of class
    ``det_cat_id`` scoring above ``det_score_thr`` are kept, and they are the
    proposals of the action detector (e.g. mmaction2's SlowOnly ``FastRCNN``)
    run on ``action_clip_len`` frames ``action_frame_stride`` apart, centred
    on the key frame, at the input resolution.

    Inputs are clips (B, 3, T, H, W) of RGB pixel values in [0, 255]; both
    networks normalise them with their own data preprocessors (the detector
    gets BGR, the channel order mmdet's COCO models are trained with).

    ``predict`` fills ``pred_instances`` of every data sample with the action
    detector's output: ``bboxes`` (N, 4) normalised xyxy and ``scores``
    (N, C + 1) with the background column first, as mmaction2's
    ``AVAMetric`` reads them; N = 0 when no person is found.

    Args:
        detector (str | dict): image detector, see :func:`build_from_spec`.
        action_detector (str | dict): RoI action detector, see
            :func:`build_from_spec`.
        detector_checkpoint (str, optional): weights of the detector, loaded
            at construction.
        action_checkpoint (str, optional): weights of the action detector,
            loaded at construction.
        det_scale (tuple[int, int]): (long, short) edge limits of the
            detector's input. Defaults to (1333, 800).
        det_score_thr (float): person score threshold. Defaults to 0.9.
        det_cat_id (int, optional): person class of the detector; None keeps
            the boxes of every class (e.g. to time the pipeline with
            untrained weights, whose scores favour no class). Defaults to 0.
        action_clip_len (int): frames given to the action detector.
        action_frame_stride (int): input-clip frames between them.
        key_frame_index (int, optional): key frame of the input clip
            (0-based); defaults to metainfo ``key_frame_index``, else the clip
            centre.
        data_preprocessor (dict, optional): batching of the raw clips;
            defaults to a :class:`TubeletDataPreprocessor` that only pads.
    """

    def __init__(self,
                 detector: ModelSpec,
                 action_detector: ModelSpec,
                 detector_checkpoint: Optional[str] = None,
                 action_checkpoint: Optional[str] = None,
                 det_scale: Sequence[int] = (1333, 800),
                 det_score_thr: float = 0.9,
                 det_cat_id: Optional[int] = 0,
                 action_clip_len: int = 4,
                 action_frame_stride: int = 8,
                 key_frame_index: Optional[int] = None,
                 data_preprocessor: Optional[dict] = None,
                 init_cfg=None) -> None:
        super().__init__(
            data_preprocessor=MODELS.build(
                data_preprocessor or dict(type='TubeletDataPreprocessor')),
            init_cfg=init_cfg)
        if action_clip_len < 1 or action_frame_stride < 1:
            raise ValueError('action_clip_len and action_frame_stride must be '
                             f'>= 1, got {action_clip_len}, '
                             f'{action_frame_stride}')
        self.detector = build_from_spec(detector)
        self.action_detector = build_from_spec(action_detector)
        if detector_checkpoint:
            load_checkpoint(self.detector, detector_checkpoint, 'cpu')
        if action_checkpoint:
            load_checkpoint(self.action_detector, action_checkpoint, 'cpu')
        self.det_scale = tuple(det_scale)
        self.det_score_thr = det_score_thr
        self.det_cat_id = det_cat_id
        self.action_clip_len = action_clip_len
        self.action_frame_stride = action_frame_stride
        self.key_frame_index = key_frame_index

    def _key_frame(self, meta: dict, t: int) -> int:
        key = self.key_frame_index
        if key is None:
            key = meta.get('key_frame_index', t // 2)
        return int(key)

    def action_frames(self, key: int, t: int) -> Tensor:
        """Indices of the action detector's frames in a clip of ``t``
        frames: ``action_clip_len`` frames ``action_frame_stride`` apart,
        the middle one on ``key`` (as mmaction2's ``SampleAVAFrames``),
        clamped into the clip."""
        offsets = torch.arange(self.action_clip_len) - \
            self.action_clip_len // 2
        return (key + offsets * self.action_frame_stride).clamp(0, t - 1)

    def detect_persons(self, frame: Tensor) -> Tensor:
        """Person boxes (P, 4), pixel xyxy, of one RGB frame (3, H, W)."""
        h, w = frame.shape[-2:]
        long_edge, short_edge = max(self.det_scale), min(self.det_scale)
        scale = min(long_edge / max(h, w), short_edge / min(h, w))
        new_h, new_w = int(h * scale + 0.5), int(w * scale + 0.5)
        image = F.interpolate(
            frame[None].flip(1), size=(new_h, new_w), mode='bilinear',
            align_corners=False)[0]
        sample = DetDataSample(
            metainfo=dict(
                img_shape=(new_h, new_w),
                ori_shape=(h, w),
                scale_factor=(new_w / w, new_h / h)))
        data = self.detector.data_preprocessor(
            dict(inputs=[image], data_samples=[sample]), False)
        pred = self.detector.predict(
            data['inputs'], data['data_samples'], rescale=True)[0]
        pred = pred.pred_instances
        keep = pred.scores > self.det_score_thr
        if self.det_cat_id is not None:
            keep &= pred.labels == self.det_cat_id
        return pred.bboxes[keep]

    def classify_actions(self, clip: Tensor, boxes: Tensor) -> InstanceData:
        """Action scores of the person ``boxes`` (P, 4) in ``clip``
        (3, T_a, H, W)."""
        h, w = clip.shape[-2:]
        sample = ActionDataSample(metainfo=dict(img_shape=(h, w)))
        sample.proposals = InstanceData(bboxes=boxes)
        data = self.action_detector.data_preprocessor(
            dict(inputs=[clip], data_samples=[sample]), False)
        return self.action_detector.predict(
            data['inputs'], data['data_samples'])[0].pred_instances

    def predict(self, inputs: Tensor, data_samples: List) -> List:
        """Detect persons and classify their actions, one clip at a time
        (mmaction2's RoI head takes one sample per call)."""
        t = inputs.size(2)
        for clip, sample in zip(inputs, data_samples):
            h, w = sample.metainfo.get('img_shape', clip.shape[-2:])
            clip = clip[:, :, :h, :w]
            key = self._key_frame(sample.metainfo, t)
            boxes = self.detect_persons(clip[:, key])
            if len(boxes):
                pred = self.classify_actions(
                    clip[:, self.action_frames(key, t).to(clip.device)],
                    boxes)
            else:
                num_classes = self.action_detector.roi_head.bbox_head.\
                    num_classes
                pred = InstanceData(
                    bboxes=clip.new_zeros(0, 4),
                    scores=clip.new_zeros(0, num_classes))
            sample.pred_instances = pred
        return data_samples

    def forward(self,
                inputs: Tensor,
                data_samples: List,
                mode: str = 'predict') -> List:
        """Only ``mode='predict'``: the model is not trainable as a whole
        (train its two parts with their own configs)."""
        if mode != 'predict':
            raise RuntimeError(f'{self.__class__.__name__} supports only '
                               f"mode='predict', got {mode!r}")
        return self.predict(inputs, data_samples)
