"""Colour embedding f_theta (Table 2.1) and segmentation branch h_phi
(Table 2.2): shapes at the thesis's sizes, gated residual blocks, summed
ASPP, losses."""
import pytest
import torch
from mmengine.registry import DefaultScope
from mmengine.structures import PixelData
from mmseg.registry import MODELS
from mmseg.structures import SegDataSample

from mmcontinuity.models.colorization import (ColorEmbedding,
                                              ColorEmbeddingBottom,
                                              GatedResBlock, PixelatedSegHead)


def test_table_2_1_and_2_2_shapes():
    """The thesis's widths: 128x128 gray input, 256 channels at 32x32 after
    the shared rows, a 160-channel embedding, #class scores (on the meta
    device: shapes without the arithmetic)."""
    with torch.device('meta'):
        bottom = ColorEmbeddingBottom()
        embedding = ColorEmbedding(in_channels=bottom.out_channels)
        seg_head = PixelatedSegHead(in_channels=256, channels=512,
                                    num_classes=21)
    assert [len(s) - 1 for s in bottom.stages] == [2, 2, 2]
    strides = [s[0].conv.stride for s in bottom.stages]
    assert strides == [(1, 1), (2, 2), (2, 2)]
    dilations = [b.conv1.conv.dilation[0] for b in embedding.layers[1][1:]]
    assert dilations == [4, 4, 4]
    dilations = [b.conv1.conv.dilation[0] for b in seg_head.layers[1][1:]]
    assert dilations == [2, 2, 2]
    assert [c.dilation[0] for c in seg_head.conv_seg.branches] == [6, 12, 18]
    with torch.no_grad():
        feat = bottom(torch.empty(1, 1, 128, 128, device='meta'))
        assert feat.shape == (1, 256, 32, 32)
        emb = embedding(feat)
        assert emb.shape == (1, 160, 32, 32)
        assert embedding.mixture_params(emb).shape == (1, 60, 32, 32)
        assert seg_head([feat]).shape == (1, 21, 32, 32)


def test_gated_res_block():
    block = GatedResBlock(4, dilation=2)
    x = torch.randn(2, 4, 9, 9)
    assert block(x).shape == x.shape
    # gate: tanh(value) * sigmoid(gate); a zero last convolution gives
    # tanh(0) = 0, the identity
    torch.nn.init.zeros_(block.conv2.weight)
    torch.nn.init.zeros_(block.conv2.bias)
    torch.testing.assert_close(block(x), x)
    torch.nn.init.constant_(block.conv2.bias, 1.)
    torch.testing.assert_close(
        block(x), x + torch.tanh(torch.tensor(1.)) *
        torch.sigmoid(torch.tensor(1.)))


def test_aspp_sums_its_branches():
    head = PixelatedSegHead(in_channels=6, channels=8, num_blocks=(1, ),
                            dilations=(2, ), num_classes=3)
    feat = torch.randn(1, 8, 10, 10)
    aspp = head.conv_seg
    total = aspp(feat)
    parts = sum(torch.nn.functional.conv2d(feat, b.weight, b.bias,
                                           padding=b.dilation,
                                           dilation=b.dilation)
                for b in aspp.branches)
    torch.testing.assert_close(total, parts)
    with pytest.raises(ValueError, match='same length'):
        PixelatedSegHead(in_channels=6, channels=8, num_blocks=(1, 1),
                         dilations=(2, ), num_classes=3)


def test_embedding_and_segmentation_losses():
    with DefaultScope.overwrite_default_scope('mmseg'):
        embedding = MODELS.build(dict(
            type='ColorEmbedding', in_channels=8, channels=8,
            num_blocks=(1, 1), out_channels=6,
            loss=dict(type='DiscretizedMixLogisticLoss', num_mixtures=2,
                      loss_weight=2., loss_name='loss_emb')))
        seg_head = MODELS.build(dict(
            type='PixelatedSegHead', in_channels=8, channels=8,
            num_blocks=(1, ), dilations=(2, ), num_classes=3,
            loss_decode=dict(type='CrossEntropyLoss', loss_weight=100.,
                             loss_name='loss_seg')))
    feat = torch.randn(2, 8, 6, 6)
    emb = embedding(feat)
    gt_ab = torch.randn(2, 2, 6, 6) * 30
    losses = embedding.loss(emb, gt_ab)
    torch.testing.assert_close(
        losses['loss_emb'],
        -2 * embedding.loss_emb.log_prob(embedding.mixture_params(emb),
                                         gt_ab).mean())
    # a head that ignores the embedding: one component at (a, b) = (0.5,
    # -0.25) * 128 with tiny scales and no dependence of b on a
    head = embedding.mixture_head
    with torch.no_grad():
        head.weight.zero_()
        head.bias.copy_(torch.tensor([9., 0., .5, .5, -.25, -.25] +
                                     [-7.] * 4 + [0., 0.]))
    ab = embedding.sample_ab(emb, generator=torch.Generator().manual_seed(0))
    assert ab.shape == (2, 2, 6, 6)
    # logistic noise of scale exp(-7) (0.1 ab units) around the means,
    # then rounding to bins 1 ab unit wide
    assert ((ab[:, 0] - 64).abs() < 3).all()
    assert ((ab[:, 1] + 32).abs() < 3).all()
    assert abs(ab[:, 1].mean() + 32) < 0.5
    samples = []
    for labels in torch.randint(0, 3, (2, 1, 6, 6)):
        sample = SegDataSample()
        sample.gt_sem_seg = PixelData(data=labels)
        samples.append(sample)
    logits = seg_head([feat])
    seg_losses = seg_head.loss_by_feat(logits, samples)
    ce = torch.nn.functional.cross_entropy(
        logits, torch.stack([s.gt_sem_seg.data[0] for s in samples]))
    torch.testing.assert_close(seg_losses['loss_seg'], 100 * ce)
