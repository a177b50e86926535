"""Pixelated semantic colorization (Chapter 2) and its baselines."""
from .ab_classifier import (ABClassificationColorizer, ab_gamut_bins,
                            annealed_mean, soft_encode)
from .colorizer import (PixelatedColorizer,
                        PixelatedSemanticEmbeddingColorizer,
                        PixelatedSemanticGeneratorColorizer)
from .embedding import ColorEmbedding, ColorEmbeddingBottom, GatedResBlock
from .fusion import ConcatSemantics, SemanticFeatureTransform
from .losses import DiscretizedMixLogisticLoss
from .pixelcnn import CausalGatedLayer, ConditionalGatedPixelCNN
from .sampler import cached_sample, naive_sample
from .segmentation import PixelatedSegHead, SummedASPP

__all__ = [
    'ABClassificationColorizer', 'ab_gamut_bins', 'annealed_mean',
    'soft_encode', 'ColorEmbedding', 'ColorEmbeddingBottom', 'GatedResBlock',
    'DiscretizedMixLogisticLoss', 'CausalGatedLayer',
    'ConditionalGatedPixelCNN', 'cached_sample', 'naive_sample',
    'PixelatedSegHead', 'SummedASPP', 'PixelatedColorizer',
    'PixelatedSemanticEmbeddingColorizer',
    'PixelatedSemanticGeneratorColorizer', 'ConcatSemantics',
    'SemanticFeatureTransform'
]
