"""Conditional gated PixelCNN g_omega: causality in raster order, no blind
spot next to the current pixel, the condition's reach, shapes."""
import pytest
import torch

from mmcontinuity.models.colorization import ConditionalGatedPixelCNN
from mmcontinuity.models.colorization.pixelcnn import down_shift, right_shift

H, W = 5, 6


@pytest.fixture(scope='module')
def pixelcnn():
    torch.manual_seed(0)
    return ConditionalGatedPixelCNN(cond_channels=4, channels=8,
                                    num_layers=3, kernel_size=5).eval()


def test_shifts():
    x = torch.arange(6.).view(1, 1, 2, 3)
    assert down_shift(x).tolist() == [[[[0, 0, 0], [0, 1, 2]]]]
    assert right_shift(x).tolist() == [[[[0, 0, 1], [0, 3, 4]]]]


def test_shapes(pixelcnn):
    out = pixelcnn(torch.randn(2, 2, H, W) * 50, torch.randn(2, 4, H, W))
    assert out.shape == (2, 60, H, W)  # 10 components x 6 parameters
    with pytest.raises(ValueError, match='differ in size'):
        pixelcnn(torch.randn(2, 2, H, W), torch.randn(2, 4, H + 1, W))
    with pytest.raises(ValueError, match='kernel_size must be odd'):
        ConditionalGatedPixelCNN(cond_channels=4, kernel_size=4)


@pytest.mark.parametrize('index', [0, 7, 14, H * W - 1])
def test_output_at_i_ignores_pixels_from_i_on(pixelcnn, index):
    gen = torch.Generator().manual_seed(index)
    ab = torch.randn(2, 2, H, W, generator=gen) * 50
    cond = torch.randn(2, 4, H, W, generator=gen)
    changed = ab.clone().flatten(2)
    changed[:, :, index:] = torch.randn(2, 2, H * W - index,
                                        generator=gen) * 50
    with torch.no_grad():
        before = pixelcnn(ab, cond).flatten(2)
        after = pixelcnn(changed.view_as(ab), cond).flatten(2)
    torch.testing.assert_close(after[:, :, :index + 1],
                               before[:, :, :index + 1], rtol=0, atol=0)
    if index + 1 < H * W:  # and the next pixel does see pixel i
        assert (after[:, :, index + 1] - before[:, :, index + 1]).abs().max() \
            > 1e-4


def test_sees_the_row_above_on_both_sides(pixelcnn):
    """Pixel (2, 2) depends on (1, 0) ... (1, 4) through the vertical stack
    (kernel 5, three layers) and on (2, 0), (2, 1) on its left."""
    ab = torch.randn(1, 2, H, W) * 50
    cond = torch.randn(1, 4, H, W)
    seen = torch.zeros(H, W, dtype=torch.bool)
    with torch.no_grad():
        before = pixelcnn(ab, cond)[0, :, 2, 2]
        for row in range(H):
            for col in range(W):
                changed = ab.clone()
                changed[0, :, row, col] += 40
                seen[row, col] = (pixelcnn(changed, cond)[0, :, 2, 2] -
                                  before).abs().max() > 1e-5
    assert seen[1, :5].all() and seen[2, :2].all() and seen[0].all()
    assert not seen[2, 2:].any() and not seen[3:].any()


def test_condition_acts_at_each_pixel(pixelcnn):
    ab = torch.randn(1, 2, H, W) * 50
    cond = torch.randn(1, 4, H, W)
    changed = cond.clone()
    changed[..., 3, 4] += 1
    with torch.no_grad():
        diff = (pixelcnn(ab, changed) - pixelcnn(ab, cond)).abs().sum(1)[0]
    assert diff[3, 4] > 0
    # the condition enters through 1x1 convolutions of both stacks: rows
    # above do not see it
    assert (diff[:3] == 0).all()
