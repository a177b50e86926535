"""Classifier and segmentor whose training loss adds the LiftPool
regularisers of all their LiftDownPool layers (Eq. 3.8):
``L = L_task + lambda_u c_u + lambda_p c_p`` as ``loss_lift_u`` and
``loss_lift_p`` next to the task's losses."""
from mmpretrain.models import ImageClassifier
from mmpretrain.registry import MODELS as PRETRAIN_MODELS
from mmseg.models import EncoderDecoder
from mmseg.registry import MODELS as SEG_MODELS

from .losses import lifting_losses


class LiftingLossMixin:
    """Adds :func:`lifting_losses` of the model to the loss dict of
    ``loss()``; ``lambda_u = lambda_p = 0`` leaves the task's losses only
    (the "w/o c_u and c_p" row of Table 3.1)."""

    def __init__(self, *args, lambda_u=0.01, lambda_p=0.1, **kwargs):
        super().__init__(*args, **kwargs)
        self.lambda_u = lambda_u
        self.lambda_p = lambda_p

    def loss(self, inputs, data_samples):
        losses = super().loss(inputs, data_samples)
        if self.lambda_u or self.lambda_p:
            losses.update(
                lifting_losses(self, lambda_u=self.lambda_u,
                               lambda_p=self.lambda_p))
        return losses


@PRETRAIN_MODELS.register_module()
class LiftPoolImageClassifier(LiftingLossMixin, ImageClassifier):
    """mmpretrain's ``ImageClassifier`` + the LiftPool regularisers.

    Args:
        lambda_u (float): weight of c_u (Eq. 3.6). Default: 0.01.
        lambda_p (float): weight of c_p (Eq. 3.7). Default: 0.1.
        *args, **kwargs: the arguments of ``ImageClassifier``.
    """


@SEG_MODELS.register_module()
class LiftPoolEncoderDecoder(LiftingLossMixin, EncoderDecoder):
    """mmseg's ``EncoderDecoder`` + the LiftPool regularisers.

    Args:
        lambda_u (float): weight of c_u (Eq. 3.6). Default: 0.01.
        lambda_p (float): weight of c_p (Eq. 3.7). Default: 0.1.
        *args, **kwargs: the arguments of ``EncoderDecoder``.
    """
