"""Dual learning with offsets (Sec. 5.3.3, Fig. 5.2 (b), Eq. 5.9)."""
from contextlib import contextmanager

import torch

from mmaction.models.recognizers import Recognizer3D
from mmaction.registry import MODELS

#: test predictions of Table 5.6: the main branch, the offset branch, both.
PREDICTIONS = ('P1', 'P2', 'P1+P2')


@MODELS.register_module()
class DualRecognizer3D(Recognizer3D):
    """A 3D recognizer that also classifies from its learned offsets.

    The main branch (backbone, ``cls_head``) predicts P1; the offsets of one
    aligned convolution of the backbone, the output of its offset generator
    ``offset_module`` read by a forward hook, feed ``offset_head``, which
    predicts P2. Training minimises (Eq. 5.9)

    .. math:: L = CE(P_1, Y) + CE(P_2, Y)

    (``loss_cls`` and ``loss_offset_cls``). At test time the clip-averaged
    scores of P1, P2 or their mean P1+P2 (``test_prediction``, Table 5.6)
    become ``pred_score``.

    Args:
        offset_head (dict): the offset branch, e.g. ``OffsetHead``.
        offset_module (str): module name, in this recognizer, of the offset
            generator whose output (N, 2, 2, T, H, W) is classified, e.g.
            ``'backbone.layer1.0.conv2.conv.offsets'``.
        test_prediction (str): 'P1', 'P2' or 'P1+P2'. Defaults to 'P1+P2'.
        **kwargs: Recognizer3D arguments.
    """

    def __init__(self,
                 offset_head,
                 offset_module,
                 test_prediction='P1+P2',
                 **kwargs):
        super().__init__(**kwargs)
        if test_prediction not in PREDICTIONS:
            raise ValueError(f'test_prediction {test_prediction!r} is not '
                             f'one of {PREDICTIONS}')
        self.offset_head = MODELS.build(offset_head)
        self.offset_module = offset_module
        self.test_prediction = test_prediction
        self.get_submodule(offset_module)  # fails early on a wrong name

    @contextmanager
    def _recorded_offsets(self):
        """Collect the outputs of ``offset_module`` while inside; several
        forward calls (``max_testing_views``) are concatenated."""
        outputs = []
        handle = self.get_submodule(self.offset_module).register_forward_hook(
            lambda module, args, output: outputs.append(output))
        try:
            yield outputs
        finally:
            handle.remove()

    def extract_offsets(self, inputs, **kwargs):
        """Backbone features and the recorded offsets, from one forward."""
        with self._recorded_offsets() as outputs:
            feats, head_kwargs = self.extract_feat(inputs, **kwargs)
        if not outputs:
            raise RuntimeError(f'{self.offset_module} was not called by the '
                               'backbone forward')
        return feats, head_kwargs, torch.cat(outputs)

    def loss(self, inputs, data_samples, **kwargs):
        """L1 of the main branch plus L2 of the offset branch (Eq. 5.9)."""
        feats, loss_kwargs, offsets = self.extract_offsets(
            inputs, data_samples=data_samples)
        losses = self.cls_head.loss(feats, data_samples, **loss_kwargs)
        losses.update(loss_kwargs.get('loss_aux', dict()))
        offset_losses = self.offset_head.loss(offsets, data_samples)
        losses.update({
            'loss_offset_cls' if key == 'loss_cls' else f'offset_{key}': value
            for key, value in offset_losses.items()
        })
        return losses

    def predict(self, inputs, data_samples, **kwargs):
        """``pred_score``: clip-averaged P1, P2 or (P1 + P2) / 2."""
        feats, predict_kwargs, offsets = self.extract_offsets(
            inputs, test_mode=True)
        num_segs = inputs.shape[1]
        scores = []
        if self.test_prediction in ('P1', 'P1+P2'):
            scores.append(self.cls_head.average_clip(
                self.cls_head(feats, **predict_kwargs), num_segs))
        if self.test_prediction in ('P2', 'P1+P2'):
            scores.append(self.offset_head.average_clip(
                self.offset_head(offsets), num_segs))
        score = sum(scores) / len(scores)
        for sample, clip_score in zip(data_samples, score):
            sample.set_pred_score(clip_score)
            sample.set_pred_label(clip_score.argmax(-1, keepdim=True))
        return data_samples
