"""Single-frame SSD action detectors in mmaction2 (thesis Sec. 4.3): the
RGB stream (Eq. 4.1), the flow stream (Eq. 4.2) and the two-in-one stream
(Eq. 4.3-4.6) differ only by their backbone and input channels, set in the
config."""
import torch
from mmaction.registry import MODELS
from mmdet.models.detectors import SingleStageDetector
from mmengine.structures import InstanceData
from torch import Tensor


@MODELS.register_module()
class SingleFrameSSD(SingleStageDetector):
    """SSD on single frames of tubelet samples, for online linking.

    mmdet's single-stage detector (backbone, ``SSDNeck``, ``SSDHead``, built
    with ``mmdet.`` scoped types) on the samples of ``ACTTubeletDataset``
    in ``'frame'`` mode: one frame (T = 1) per sample, packed by
    ``PackTubeletInputs`` and batched by ``TubeletDataPreprocessor``. The
    streams are configs:

    - RGB stream (Eq. 4.1): ``SSDVGG`` on the 3 RGB channels;
    - flow stream (Eq. 4.2): ``SSDVGG`` on a 3-channel flow image (x, y,
      magnitude, ``AddFlowMagnitude``);
    - two-in-one stream (Eq. 4.3-4.6): ``MotionModulatedBackbone`` around
      ``SSDVGG`` on RGB + flow (5 channels).

    Loss (Eq. 4.7-4.9): ``SSDHead``'s multibox loss, softmax confidence
    with hard negative mining and smooth-L1 regression of the (cx, cy, w,
    h) offsets to the matched default boxes, over the number of matches.

    Prediction: ``pred_instances`` in the frame-detection format of
    ``TubeletVideoMAP(linking='frame')``: ``bboxes`` (N, 4) pixel xyxy in
    the original frame and ``scores`` (N, C), the detections kept by the
    head's per-class NMS, each with its score in the column of its class
    and 0 elsewhere (every class column is a detection of that class for
    the linker; the zeros rank last and the temporal trimming of the
    linking labels them background).

    Args:
        backbone (dict): Backbone config.
        neck (dict, optional): Neck config (``mmdet.SSDNeck``).
        bbox_head (dict): Head config (``mmdet.SSDHead``).
        train_cfg, test_cfg (dict, optional): The head's training
            (assigner, hard negative mining) and testing (NMS) settings.
        data_preprocessor (dict, optional): Batching of the frames
            (``TubeletDataPreprocessor``).
        init_cfg (dict, optional): Initialisation config.
    """

    @staticmethod
    def _frames(inputs: Tensor) -> Tensor:
        """(B, C, 1, H, W) batches of one-frame samples -> (B, C, H, W)."""
        if inputs.dim() != 5 or inputs.size(2) != 1:
            raise ValueError('a single-frame detector takes samples of one '
                             'frame, (B, C, 1, H, W); got '
                             f'{tuple(inputs.shape)}')
        return inputs[:, :, 0]

    @staticmethod
    def _frame_gt(sample) -> InstanceData:
        """The actors visible in the sample's frame: ``bboxes`` (K, 4),
        ``labels`` (K,) (mmdet's ground-truth format)."""
        gt = sample.gt_instances
        visible = gt.valid[:, 0] if 'valid' in gt else torch.ones(
            len(gt), dtype=torch.bool, device=gt.bboxes.device)
        return InstanceData(bboxes=gt.bboxes[visible, 0],
                            labels=gt.labels[visible])

    def loss(self, inputs: Tensor, data_samples: list) -> dict:
        """Multibox loss (Eq. 4.7) of a batch of frames."""
        outs = self.bbox_head(self.extract_feat(self._frames(inputs)))
        return self.bbox_head.loss_by_feat(
            *outs, [self._frame_gt(s) for s in data_samples],
            [s.metainfo for s in data_samples])

    def predict(self, inputs: Tensor, data_samples: list,
                rescale: bool = True) -> list:
        """Detections of every frame as ``pred_instances`` (see above)."""
        outs = self.bbox_head(self.extract_feat(self._frames(inputs)))
        results = self.bbox_head.predict_by_feat(
            *outs, batch_img_metas=[s.metainfo for s in data_samples],
            rescale=rescale)
        num_classes = self.bbox_head.num_classes
        for sample, det in zip(data_samples, results):
            scores = det.scores.new_zeros(len(det), num_classes)
            scores[torch.arange(len(det)), det.labels] = det.scores
            sample.pred_instances = InstanceData(bboxes=det.bboxes,
                                                 scores=scores)
        return data_samples

    def _forward(self, inputs: Tensor, data_samples=None):
        """Raw head outputs (class scores and box offsets per level)."""
        return self.bbox_head(self.extract_feat(self._frames(inputs)))
