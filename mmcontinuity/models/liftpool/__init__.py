"""LiftPool (thesis Ch. 3): bidirectional pooling by the lifting scheme."""
from .backbones import LiftPoolMobileNetV2, LiftPoolResNet, LiftPoolVGG
from .classifier import LiftPoolEncoderDecoder, LiftPoolImageClassifier
from .lift_pool import (CDF53LiftDownPool1d, CDF53LiftDownPool2d, LiftBands,
                        LiftBands1d, LiftDownPool1d, LiftDownPool2d,
                        LiftingFilter, LiftUpPool1d, LiftUpPool2d)
from .losses import lifting_losses
from .pools import (BlurPool2d, ConvPool2d, MaxBlurPool2d, Subsample2d,
                    build_pool_layer)
from .prior_init import ClassPriorInit
from .segnet import (BlurMaxUnpoolSampling, LiftSampling, MaxUnpoolSampling,
                     SegNet)

__all__ = [
    'LiftBands', 'LiftBands1d', 'LiftingFilter', 'LiftDownPool1d',
    'LiftDownPool2d', 'CDF53LiftDownPool1d', 'CDF53LiftDownPool2d',
    'LiftUpPool1d', 'LiftUpPool2d', 'lifting_losses', 'Subsample2d',
    'BlurPool2d', 'MaxBlurPool2d', 'ConvPool2d', 'build_pool_layer',
    'LiftPoolVGG', 'LiftPoolResNet', 'LiftPoolMobileNetV2',
    'LiftPoolImageClassifier', 'LiftPoolEncoderDecoder', 'MaxUnpoolSampling',
    'BlurMaxUnpoolSampling', 'LiftSampling', 'SegNet', 'ClassPriorInit'
]
