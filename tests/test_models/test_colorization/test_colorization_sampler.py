"""Sequential sampling: the cached sampler draws exactly the naive
sampler's samples (one full forward per pixel) for the same seed."""
import os.path as osp
import re
import runpy
import sys

import pytest
import torch

from mmcontinuity.models.colorization import (ConditionalGatedPixelCNN,
                                              cached_sample, naive_sample)


@pytest.mark.parametrize('kernel_size,num_layers,temperature',
                         [(3, 1, 1.0), (5, 3, 1.0), (3, 4, 0.5)])
def test_cached_equals_naive(kernel_size, num_layers, temperature):
    torch.manual_seed(kernel_size + num_layers)
    pixelcnn = ConditionalGatedPixelCNN(
        cond_channels=3, channels=8, num_layers=num_layers,
        kernel_size=kernel_size).eval()
    cond = torch.randn(3, 3, 5, 7)
    naive = naive_sample(pixelcnn, cond, temperature,
                         torch.Generator().manual_seed(7))
    cached = cached_sample(pixelcnn, cond, temperature,
                           torch.Generator().manual_seed(7))
    assert cached.shape == (3, 2, 5, 7)
    torch.testing.assert_close(cached, naive, rtol=0, atol=1e-4)
    # diverse: another seed, other colours
    other = cached_sample(pixelcnn, cond, temperature,
                          torch.Generator().manual_seed(8))
    assert (other != cached).float().mean() > 0.5


def test_samples_are_autoregressive():
    """A generator whose mean of a is tanh(a of the left neighbour +
    condition) and whose mean of b is a, with tiny scales: the condition
    starts each row (column 0 only) and the samples carry it along."""
    pixelcnn = ConditionalGatedPixelCNN(cond_channels=1, channels=4,
                                        num_layers=1, kernel_size=3).eval()
    with torch.no_grad():
        for p in pixelcnn.parameters():
            p.zero_()
        layer = pixelcnn.layers[0]
        # h' = W_o [tanh(a_left + s) * sigmoid(0)] = 0.5 tanh(a_left + s)
        layer.h_conv.weight[0, 0, 0, -1] = 1.
        layer.cond.weight[8, 0] = 1.  # C_h s, value channel 0
        layer.h_out.weight[0, 0] = 1.
        # component 0 only, mean_a = 2 h'_0, log-scales -7, b's mean
        # tanh(10) a
        out = pixelcnn.out
        out.bias[1:10] = -30.
        out.weight[10, 0] = 2.
        out.bias[30:50] = -7.
        out.bias[50:] = 10.
    cond = torch.zeros(2, 1, 3, 6)
    cond[0, :, :, 0] = 0.03
    cond[1, :, :, 0] = -0.05
    ab = cached_sample(pixelcnn, cond, generator=torch.Generator())
    # bin centres are odd multiples of 1 / 255: tanh(0.03) -> 7 / 255,
    # tanh(-0.05) -> -13 / 255; tanh(x) rounds back to x's bin, so every
    # row repeats its first pixel
    a = ab[:, 0] / 128 * 255
    torch.testing.assert_close(a[0], torch.full((3, 6), 7.))
    torch.testing.assert_close(a[1], torch.full((3, 6), -13.))
    torch.testing.assert_close(ab[:, 1], ab[:, 0])


def test_bad_condition():
    pixelcnn = ConditionalGatedPixelCNN(cond_channels=3, channels=4,
                                        num_layers=1)
    with pytest.raises(ValueError, match=r'\(B, C, H, W\)'):
        cached_sample(pixelcnn, torch.randn(3, 5, 7))


def test_bench_sampler_tool(repo_root, monkeypatch, capsys):
    monkeypatch.setattr(sys, 'argv', [
        'bench_sampler.py', '--channels', '4', '--num-layers', '2',
        '--cond-channels', '3', '--batch', '2', '--size', '4'
    ])
    runpy.run_path(osp.join(repo_root, 'tools/analysis/bench_sampler.py'),
                   run_name='__main__')
    out = capsys.readouterr().out
    assert re.search(r'cached sampler: [\d.]+ s wall, [\d.]+ s CPU', out)
    assert re.search(r'naive / cached: [\d.]+x wall, [\d.]+x CPU; largest '
                     r'difference of the samples: 0 ', out)
