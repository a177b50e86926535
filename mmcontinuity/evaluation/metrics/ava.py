"""AVA frame-mAP@0.5 of key-frame predictions without a background score."""
import torch
from mmaction.evaluation import AVAMetric
from mmaction.registry import METRICS


@METRICS.register_module()
class KeyframeAVAMetric(AVAMetric):
    """mmaction2's :class:`AVAMetric` for models whose ``pred_instances``
    ``scores`` (N, C) have no background column (TubeR with
    ``test_cfg.output='keyframe'``: normalised xyxy ``bboxes`` (N, 4)).

    mmaction2's ``bbox2result`` reads class ``i`` from column ``i + 1``
    (column 0 is the background of its RoI heads), so a zero column is
    prepended; ``num_classes`` keeps mmaction2's meaning (classes + 1, e.g.
    81 for AVA v2.x or 61 with the 60 ``custom_classes``). Exclusions, label
    map and the official ``ava_eval`` are mmaction2's, unchanged.
    """

    def process(self, data_batch, data_samples):
        with_background = []
        for sample in data_samples:
            pred = sample['pred_instances']
            scores = torch.as_tensor(pred['scores'])
            if scores.shape[-1] != self.num_classes - 1:
                raise ValueError(
                    f'scores have {scores.shape[-1]} classes, expected '
                    f'num_classes - 1 = {self.num_classes - 1}')
            scores = torch.cat([scores.new_zeros((len(scores), 1)), scores],
                               1)
            with_background.append(
                dict(sample, pred_instances=dict(pred, scores=scores)))
        super().process(data_batch, with_background)
