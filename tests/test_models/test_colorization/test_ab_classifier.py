"""Zhang et al.'s ab classification: bins, soft encoding, annealed mean."""
import numpy as np
import pytest
import torch
from mmengine.registry import DefaultScope
from mmengine.structures import PixelData
from mmseg.registry import MODELS
from mmseg.structures import SegDataSample

from mmcontinuity.models.colorization import (ab_gamut_bins, annealed_mean,
                                              soft_encode)


def test_gamut_bins():
    bins = ab_gamut_bins()
    assert bins.shape == (225, 2) and bins.dtype == np.float32
    rows = {tuple(b) for b in bins.tolist()}
    # grey, and the centres around pure sRGB red (Lab 53, 80, 67) that are
    # inside the gamut; (80, 70) is just outside it
    assert (0, 0) in rows and (80, 50) in rows and (70, 60) in rows
    assert (80, 70) not in rows
    # a = b = 110 (saturated magenta-orange) is no sRGB colour
    assert (110, 110) not in rows and (-110, -110) not in rows
    assert len(ab_gamut_bins(grid=20)) < 225


def test_soft_encode():
    bins = torch.tensor([[0., 0.], [10., 0.], [0., 10.], [50., 50.]])
    w = soft_encode(torch.tensor([[0., 0.], [5., 0.]]), bins, neighbours=2,
                    sigma=5.0)
    torch.testing.assert_close(w.sum(1), torch.ones(2))
    # (0, 0): bins at distance 0 and 10: weights 1 : exp(-100 / 50)
    e = np.exp(-2.0)
    torch.testing.assert_close(
        w[0], torch.tensor([1 / (1 + e), e / (1 + e), 0, 0],
                           dtype=torch.float32))
    # (5, 0): halfway between the first two bins
    torch.testing.assert_close(w[1], torch.tensor([.5, .5, 0, 0]))


def test_annealed_mean():
    bins = torch.tensor([[0., 0.], [10., 20.]])
    logits = torch.tensor([0., np.log(3.)],
                          dtype=torch.float32).reshape(1, 2, 1, 1)
    # T = 1: probabilities 1/4, 3/4 -> the mean
    torch.testing.assert_close(annealed_mean(logits, bins, 1.0)[0, :, 0, 0],
                               torch.tensor([7.5, 15.0]))
    # T = 0.5: 1 : 9
    torch.testing.assert_close(annealed_mean(logits, bins, 0.5)[0, :, 0, 0],
                               torch.tensor([9., 18.]))
    with pytest.raises(ValueError, match='temperature'):
        annealed_mean(logits, bins, 0)


def test_model_loss_and_predict():
    cfg = dict(
        type='ABClassificationColorizer',
        data_preprocessor=dict(type='ImgDataPreprocessor', mean=[50.],
                               std=[50.]),
        backbone=dict(type='ResNetV1c', in_channels=1, depth=18,
                      stem_channels=8, base_channels=8, out_indices=(3, )),
        decode_head=dict(type='FCNHead', in_channels=64, in_index=0,
                         channels=8, num_convs=1, num_classes=225))
    with DefaultScope.overwrite_default_scope('mmseg'):
        model = MODELS.build(cfg)
        with pytest.raises(ValueError, match='number of ab bins'):
            MODELS.build(dict(cfg, decode_head=dict(cfg['decode_head'],
                                                    num_classes=10)))
    inputs = torch.rand(2, 1, 64, 64) * 100
    samples = []
    for _ in range(2):
        s = SegDataSample()
        s.gt_ab = PixelData(data=torch.randn(2, 16, 16) * 30)
        samples.append(s)
    losses = model(inputs, samples, mode='loss')
    # soft cross-entropy of an untrained model: about log(225)
    assert 3 < losses['loss_ab'].item() < 8
    model.eval()
    with torch.no_grad():
        out = model(inputs, samples, mode='predict')
    assert out[0].pred_ab.data.shape == (2, 16, 16)
    assert out[0].pred_ab.data.abs().max() <= 110
