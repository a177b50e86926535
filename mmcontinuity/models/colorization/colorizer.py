"""Pixelated (semantic) colorization models, the three flows of Fig. 2.2:
purple (Eq. 2.2) :class:`PixelatedColorizer`, purple+blue (Eq. 2.3)
:class:`PixelatedSemanticEmbeddingColorizer`, purple+blue+green (Eq. 2.4)
:class:`PixelatedSemanticGeneratorColorizer`, each a subclass of the
previous one."""
import torch
from mmengine.model import BaseModel
from mmengine.structures import PixelData
from mmseg.registry import MODELS

from .sampler import cached_sample


def _stack_field(data_samples, key, like):
    """``(B, ...)`` stack of the ``key`` ``PixelData`` of the samples; a
    missing field raises naming the sample."""
    for sample in data_samples:
        if key not in sample:
            raise KeyError(f'{sample.metainfo.get("img_path", "a sample")} '
                           f'has no {key!r}; the colorizer needs it for '
                           'training (PackColorizationInputs)')
    return torch.stack([getattr(s, key).data for s in data_samples]).to(
        like.device)


@MODELS.register_module()
class PixelatedColorizer(BaseModel):
    """Pixelated colorization (Sec. 2.3.1, the purple flow, Eq. 2.2):
    p(Y_i | Y_<i, X_L) = g_omega^i(Y_1, ..., Y_{i-1}, f_theta(X_L)).

    The normalised gray input ``inputs`` ``(B, 1, 128, 128)`` goes through
    the shared ``bottom`` and the colour ``embedding`` f_theta to a
    condition ``(B, 160, 32, 32)``; the ``generator`` g_omega, a
    conditional PixelCNN, models the ab map ``gt_ab`` ``(B, 2, 32, 32)``
    of the data samples (``PackColorizationInputs``). Losses (Eq. 2.6, the
    weights in the sub-modules' loss configs): ``loss_emb`` of the
    embedding's mixture head and ``loss_gen`` of the generator. Prediction
    samples ``num_samples`` colorizations per input with
    :func:`cached_sample` at ``temperature``: ``pred_ab`` (``PixelData``
    (2, 32, 32), the first sample) and, for more than one sample,
    ``pred_ab_samples`` ``(K, 2, 32, 32)``, as ``ColorizationMetric`` reads
    them. ``ops.color.join_lightness`` puts them back on the full L.

    Args:
        bottom (dict): ``ColorEmbeddingBottom``.
        embedding (dict): ``ColorEmbedding`` (``in_channels`` filled in).
        generator (dict): ``ConditionalGatedPixelCNN`` (``cond_channels``
            filled in).
        test_cfg (dict, optional): ``num_samples`` (1) and ``temperature``
            (1.0) of the sampler.
        data_preprocessor (dict, optional): e.g. ``ImgDataPreprocessor``
            with ``mean=[50.], std=[50.]``.
        init_cfg (dict, optional): Initialisation config.
    """

    def __init__(self,
                 bottom,
                 embedding,
                 generator,
                 test_cfg=None,
                 data_preprocessor=None,
                 init_cfg=None):
        super().__init__(data_preprocessor=data_preprocessor,
                         init_cfg=init_cfg)
        self.bottom = MODELS.build(bottom)
        self.embedding = MODELS.build(
            dict(embedding, in_channels=self.bottom.out_channels))
        self._init_semantics()
        self.generator = MODELS.build(
            dict(generator, cond_channels=self.cond_channels))
        self.test_cfg = dict(num_samples=1, temperature=1.0)
        self.test_cfg.update(test_cfg or {})

    def _init_semantics(self):
        """Build the semantic modules of the subclasses' flows."""

    @property
    def cond_channels(self):
        """Channels of the generator's condition."""
        return self.embedding.out_channels

    def extract_feat(self, inputs):
        """Branch outputs: ``feat`` of the bottom layers and the
        ``embedding`` f_theta(X_L)."""
        feat = self.bottom(inputs)
        return dict(feat=feat, embedding=self.embedding(feat))

    def condition(self, feats):
        """The generator's condition s: f_theta(X_L)."""
        return feats['embedding']

    def forward(self, inputs, data_samples=None, mode='tensor'):
        if mode == 'loss':
            return self.loss(inputs, data_samples)
        if mode == 'predict':
            return self.predict(inputs, data_samples)
        if mode == 'tensor':
            return self.extract_feat(inputs)
        raise RuntimeError(f'invalid mode {mode!r}; expected loss, predict '
                           'or tensor')

    def loss(self, inputs, data_samples):
        return self.loss_by_feat(self.extract_feat(inputs), data_samples)

    def loss_by_feat(self, feats, data_samples):
        """``loss_emb`` and ``loss_gen`` (teacher forcing) of ``gt_ab``."""
        cond = self.condition(feats)
        gt_ab = _stack_field(data_samples, 'gt_ab', cond)
        if gt_ab.shape[-2:] != cond.shape[-2:]:
            raise ValueError(f'gt_ab of size {tuple(gt_ab.shape[-2:])} does '
                             f'not match the embedding '
                             f'{tuple(cond.shape[-2:])} (target_size of '
                             f'ColorizationTargets); first sample '
                             f'{data_samples[0].metainfo.get("img_path")}')
        losses = self.embedding.loss(feats['embedding'], gt_ab)
        losses.update(self.generator.loss(gt_ab, cond))
        return losses

    def predict(self, inputs, data_samples):
        feats = self.extract_feat(inputs)
        self.add_pred_to_samples(feats, data_samples)
        return data_samples

    def sample(self, cond, num_samples=None, temperature=None,
               generator=None):
        """``(B, K, 2, H, W)`` colorizations, the K samples of an input
        drawn as one batch."""
        if num_samples is None:
            num_samples = self.test_cfg['num_samples']
        if temperature is None:
            temperature = self.test_cfg['temperature']
        ab = cached_sample(self.generator,
                           cond.repeat_interleave(num_samples, dim=0),
                           temperature, generator)
        return ab.view(len(cond), num_samples, *ab.shape[1:])

    def add_pred_to_samples(self, feats, data_samples):
        """Set ``pred_ab`` (and ``pred_ab_samples``) of the samples."""
        samples = self.sample(self.condition(feats))
        for data_sample, ab in zip(data_samples, samples):
            data_sample.pred_ab = PixelData(data=ab[0])
            if len(ab) > 1:
                data_sample.pred_ab_samples = ab


@MODELS.register_module()
class PixelatedSemanticEmbeddingColorizer(PixelatedColorizer):
    """Pixelated semantic embedding (Sec. 2.3.2, the purple+blue flow,
    Eq. 2.3): a segmentation branch h_phi (``seg_head``,
    ``PixelatedSegHead``) on the shared bottom layers, trained with
    ``loss_seg`` (cross-entropy against ``gt_sem_seg``, lambda_2 = 100 in
    its ``loss_decode``), so that f_theta learns f_theta(X_L | X_S); the
    generator is conditioned on the embedding only. Prediction adds
    ``pred_sem_seg`` (``(1, 32, 32)`` labels of h_phi) and ``seg_logits``
    (``(num_classes, 32, 32)``, mmseg's field; ``ColorizationMetric``'s
    segmentation validation loss of Fig. 2.10 reads it).

    Args:
        seg_head (dict): ``PixelatedSegHead`` (``in_channels`` filled in).
        **kwargs: See :class:`PixelatedColorizer`.
    """

    def __init__(self, *args, seg_head, **kwargs):
        self.seg_head_cfg = seg_head
        super().__init__(*args, **kwargs)

    def _init_semantics(self):
        self.seg_head = MODELS.build(
            dict(self.seg_head_cfg, in_channels=self.bottom.out_channels))

    def extract_feat(self, inputs):
        """Adds ``seg_logits`` h_phi(X_L)."""
        feats = super().extract_feat(inputs)
        feats['seg_logits'] = self.seg_head([feats['feat']])
        return feats

    def loss_by_feat(self, feats, data_samples):
        losses = super().loss_by_feat(feats, data_samples)
        _stack_field(data_samples, 'gt_sem_seg', feats['seg_logits'])
        losses.update(
            self.seg_head.loss_by_feat(feats['seg_logits'], data_samples))
        return losses

    def add_pred_to_samples(self, feats, data_samples):
        super().add_pred_to_samples(feats, data_samples)
        for data_sample, logits in zip(data_samples, feats['seg_logits']):
            data_sample.seg_logits = PixelData(data=logits)
            data_sample.pred_sem_seg = PixelData(
                data=logits.argmax(0, keepdim=True))


@MODELS.register_module()
class PixelatedSemanticGeneratorColorizer(
        PixelatedSemanticEmbeddingColorizer):
    """Pixelated semantic generator (Sec. 2.3.2, the purple+blue+green
    flow, Eq. 2.4): g_omega is conditioned on f_theta(X_L | X_S) and on
    h_phi(X_L), joined by ``fusion``: ``ConcatSemantics`` (the thesis's
    choice) or ``SemanticFeatureTransform`` (Fig. 2.6 b).

    Args:
        fusion (dict): The fusion module (channels filled in).
        **kwargs: See :class:`PixelatedSemanticEmbeddingColorizer`.
    """

    def __init__(self, *args, fusion=dict(type='ConcatSemantics'),
                 **kwargs):
        self.fusion_cfg = fusion
        super().__init__(*args, **kwargs)

    def _init_semantics(self):
        super()._init_semantics()
        self.fusion = MODELS.build(
            dict(self.fusion_cfg,
                 embed_channels=self.embedding.out_channels,
                 num_classes=self.seg_head.out_channels))

    @property
    def cond_channels(self):
        return self.fusion.out_channels

    def condition(self, feats):
        """s = fusion(f_theta(X_L | X_S), h_phi(X_L))."""
        return self.fusion(feats['embedding'], feats['seg_logits'])
