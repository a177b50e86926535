"""The LiftPool backbones and pooling baselines: output shapes, parameter
counts against hand counts (and the thesis' 25.58 M for ResNet-50),
equivalence with mmpretrain's networks where the pool is theirs, and the
pooling layers against independent numpy references."""
import numpy as np
import pytest
import torch
import torch.nn as nn
from mmpretrain.models.backbones import MobileNetV2, ResNet
from mmpretrain.registry import MODELS

import mmcontinuity  # noqa: F401
from mmcontinuity.models.liftpool.pools import (BlurPool2d, MaxBlurPool2d,
                                                Subsample2d, binomial_filter,
                                                pool_strided_conv)

POOLS = {
    'max': dict(type='MaxPool2d', kernel_size=2, stride=2),
    'avg': dict(type='AvgPool2d', kernel_size=2, stride=2),
    'skip': dict(type='Subsample2d'),
    'blur': dict(type='MaxBlurPool2d'),
    'lift': dict(type='LiftDownPool2d', kernel_size=5),
}
STEM_MAX = dict(type='MaxPool2d', kernel_size=3, stride=2, padding=1)


def _eval(module):
    module.eval()  # mmpretrain's ResNet.train returns None
    return module


def _count(module):
    return sum(p.numel() for p in module.parameters())


def _lift_params(channels, kernel_size=5, groups=2):
    """P and U of one LiftDownPool2d: 2 (C / G1 C K + C) (Sec. 3.4.2)."""
    return 2 * (channels // groups * channels * kernel_size + channels)


@pytest.mark.parametrize('pool', POOLS)
def test_vgg_stage_shapes(pool):
    vgg = MODELS.build(
        dict(type='LiftPoolVGG', base_channels=4, pool_cfg=POOLS[pool],
             out_indices=(0, 1, 2, 3, 4)))
    outs = vgg(torch.randn(2, 3, 32, 32))
    assert [tuple(o.shape) for o in outs] == [
        (2, 4, 16, 16), (2, 8, 8, 8), (2, 16, 4, 4), (2, 32, 2, 2),
        (2, 32, 1, 1)]


def test_vgg13_parameters():
    """VGG13-BN for CIFAR: 3x3 convs without bias (BN follows), BN scale
    and shift; LiftDownPool adds P and U on 64, 128, 256, 512, 512."""
    widths = [64, 64, 128, 128, 256, 256, 512, 512, 512, 512]
    convs = sum(9 * c_in * c_out + 2 * c_out
                for c_in, c_out in zip([3] + widths[:-1], widths))
    vgg_max = MODELS.build(dict(type='LiftPoolVGG', pool_cfg=POOLS['max']))
    vgg_lift = MODELS.build(dict(type='LiftPoolVGG'))
    assert _count(vgg_max) == convs == 9_407_936
    assert _count(vgg_lift) - convs == sum(
        _lift_params(c) for c in (64, 128, 256, 512, 512)) == 3_054_464


def test_resnet50_parameters_match_thesis():
    """ResNet-50 with LiftDownPool (G1 = 2) in the stem: 25.56 M
    (mmpretrain's, 1000-class fc included) + 2 (64 / 2 * 64 * 5 + 64) =
    25.58 M, the thesis's count (G1 = 1 would give 25.60 M)."""
    def classifier(pool_cfg):
        return MODELS.build(
            dict(type='ImageClassifier',
                 backbone=dict(type='LiftPoolResNet', depth=50,
                               pool_cfg=pool_cfg),
                 neck=dict(type='GlobalAveragePooling'),
                 head=dict(type='LinearClsHead', num_classes=1000,
                           in_channels=2048)))
    assert _count(classifier(STEM_MAX)) == 25_557_032
    lift = _count(classifier(POOLS['lift']))
    assert lift == 25_557_032 + _lift_params(64) == 25_577_640
    assert round(lift / 1e6, 2) == 25.58


@pytest.mark.parametrize('depth', [18, 50])
def test_resnet_with_max_pool_is_mmpretrain_resnet(depth):
    torch.manual_seed(0)
    ours = _eval(MODELS.build(
        dict(type='LiftPoolResNet', depth=depth, pool_cfg=STEM_MAX,
             base_channels=8, stem_channels=8)))
    theirs = _eval(ResNet(depth, base_channels=8, stem_channels=8))
    theirs.load_state_dict(ours.state_dict())
    x = torch.randn(1, 3, 64, 64)
    torch.testing.assert_close(ours(x)[0], theirs(x)[0])


def test_resnet_lift_pool_loads_resnet_checkpoints():
    ours = MODELS.build(dict(type='LiftPoolResNet', depth=18,
                             pool_strided_convs=True))
    missing, unexpected = ours.load_state_dict(
        ResNet(18).state_dict(), strict=False)
    assert not unexpected
    assert missing and all('pool.' in k for k in missing)
    # stem + the 3x3 convolutions down-sampling stages 2-4
    assert len({k.split('.predictor')[0].split('.updater')[0]
                for k in missing}) == 4
    outs = ours(torch.randn(1, 3, 64, 64))
    assert outs[0].shape == (1, 512, 2, 2)


def test_strided_convs_by_subsampling_are_resnet():
    """``pool_strided_convs`` with Subsample2d: stride-1 conv + every other
    pixel is the stride-2 conv."""
    torch.manual_seed(0)
    cfg = dict(type='LiftPoolResNet', depth=18, base_channels=8,
               stem_channels=8)
    ours = _eval(MODELS.build(dict(cfg, pool_cfg=POOLS['skip'],
                                   pool_strided_convs=True)))
    theirs = _eval(ResNet(18, base_channels=8, stem_channels=8))
    theirs.maxpool = Subsample2d()
    theirs.load_state_dict(ours.state_dict())
    x = torch.randn(2, 3, 64, 64)
    torch.testing.assert_close(ours(x)[0], theirs(x)[0])


def test_mobilenet_v2():
    torch.manual_seed(0)
    skip = _eval(MODELS.build(dict(type='LiftPoolMobileNetV2',
                                   pool_cfg=POOLS['skip'])))
    theirs = _eval(MobileNetV2())
    theirs.load_state_dict(skip.state_dict())
    x = torch.randn(1, 3, 64, 64)
    torch.testing.assert_close(skip(x)[0], theirs(x)[0])
    lift = MODELS.build(dict(type='LiftPoolMobileNetV2'))
    assert lift(x)[0].shape == (1, 1280, 2, 2)
    # 8-group P and U on the expanded channels of the 4 stride-2 blocks
    assert _count(lift) - _count(theirs) == sum(
        _lift_params(c, groups=8) for c in (96, 144, 192, 576)) == 500_256


def test_binomial_filter():
    torch.testing.assert_close(
        binomial_filter(3),
        torch.tensor([[1., 2, 1], [2, 4, 2], [1, 2, 1]]) / 16)
    assert binomial_filter(4).sum() == pytest.approx(1.)
    with pytest.raises(ValueError, match='size >= 1'):
        binomial_filter(0)


def _blur_reference(x, size, stride):
    """Edge-padded 2-D correlation with the outer product of Pascal's row,
    every ``stride``-th output (numpy)."""
    row = np.array([1.])
    for _ in range(size - 1):
        row = np.convolve(row, [1., 1.])
    kernel = np.outer(row, row) / row.sum()**2
    before, after = (size - 1) // 2, size // 2
    padded = np.pad(x, ((before, after), (before, after)), mode='edge')
    h, w = x.shape
    out = np.array([[(padded[i:i + size, j:j + size] * kernel).sum()
                     for j in range(w)] for i in range(h)])
    return out[::stride, ::stride]


@pytest.mark.parametrize('size,stride', [(3, 2), (4, 2), (3, 1)])
def test_blur_pool_matches_numpy(size, stride):
    x = torch.randn(2, 3, 7, 6, dtype=torch.float64)
    y = BlurPool2d(size, stride)(x)
    assert y.shape == (2, 3, -(-7 // stride), -(-6 // stride))
    np.testing.assert_allclose(
        y[1, 2].numpy(), _blur_reference(x[1, 2].numpy(), size, stride))


def test_max_blur_pool():
    x = torch.randn(1, 2, 32, 32)
    y = MaxBlurPool2d()(x)
    assert y.shape == (1, 2, 16, 16)
    dense_max = nn.MaxPool2d(2, 1)(x)
    np.testing.assert_allclose(
        y[0, 1].numpy(), _blur_reference(dense_max[0, 1].numpy(), 3, 2),
        rtol=1e-5, atol=1e-6)


def test_pool_strided_conv_keeps_the_convolution():
    conv = nn.Conv2d(4, 6, 3, stride=2, padding=1)
    layer = pool_strided_conv(conv, POOLS['skip'])
    x = torch.randn(1, 4, 9, 8)
    torch.testing.assert_close(layer(x), conv(x))
    assert set(layer.state_dict()) == {'weight', 'bias'}
    with pytest.raises(ValueError, match='stride-2'):
        pool_strided_conv(nn.Conv2d(4, 6, 3), POOLS['skip'])
