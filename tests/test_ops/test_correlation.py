"""local_correlation (Eq. 5.1) against a naive loop and on shifted maps."""
import pytest
import torch

from mmcontinuity.ops.correlation import local_correlation, reverse_correlation


def naive_correlation(a, b, d):
    n, c, h, w = a.shape
    out = torch.zeros(n, (2 * d + 1)**2, h, w, dtype=a.dtype)
    for k, (p, q) in enumerate((p, q) for p in range(-d, d + 1)
                               for q in range(-d, d + 1)):
        for i in range(h):
            for j in range(w):
                if 0 <= i + p < h and 0 <= j + q < w:
                    out[:, k, i, j] = (a[:, :, i, j] *
                                       b[:, :, i + p, j + q]).sum(1) / c
    return out


@pytest.mark.parametrize('d, shape', [(0, (1, 3, 4, 5)), (1, (2, 4, 5, 3)),
                                      (2, (1, 2, 6, 7)), (3, (1, 3, 3, 4))])
def test_equals_naive_loop(d, shape):
    torch.manual_seed(d)
    a, b = torch.randn(shape), torch.randn(shape)
    out = local_correlation(a, b, d)
    assert out.shape == (shape[0], (2 * d + 1)**2) + shape[2:]
    torch.testing.assert_close(out, naive_correlation(a, b, d))


def test_peak_at_the_displacement():
    """F2(i + p, j + q) = F1(i, j): the channel of (p, q) holds the mean
    square of F1 and is the largest away from the borders."""
    torch.manual_seed(0)
    d, (p, q) = 2, (1, -2)
    a = torch.randn(1, 16, 10, 12)
    b = torch.roll(a, (p, q), dims=(2, 3))
    out = local_correlation(a, b, d)[0, :, d:-d, d:-d]
    channel = (p + d) * (2 * d + 1) + (q + d)
    torch.testing.assert_close(out[channel],
                               a[0, :, d:-d, d:-d].pow(2).mean(0))
    assert (out.argmax(0) == channel).all()


def test_gradcheck():
    torch.manual_seed(0)
    a = torch.randn(1, 2, 3, 4, dtype=torch.double, requires_grad=True)
    b = torch.randn(1, 2, 3, 4, dtype=torch.double, requires_grad=True)
    assert torch.autograd.gradcheck(
        lambda a, b: local_correlation(a, b, 1), (a, b))
    assert torch.autograd.gradcheck(
        lambda a, b: reverse_correlation(local_correlation(a, b, 1), 1),
        (a, b))


@pytest.mark.parametrize('a, b, d, match', [
    ((1, 2, 3, 4), (1, 2, 3, 5), 1, 'same shape'),
    ((2, 3, 4), (2, 3, 4), 1, 'same shape'),
    ((1, 2, 3, 4), (1, 2, 3, 4), -1, 'max_displacement'),
    ((1, 2, 3, 4), (1, 2, 3, 4), 1.5, 'max_displacement'),
])
def test_argument_errors(a, b, d, match):
    with pytest.raises(ValueError, match=match):
        local_correlation(torch.zeros(a), torch.zeros(b), d)


def test_dtype_mismatch():
    with pytest.raises(ValueError, match='dtype'):
        local_correlation(
            torch.zeros(1, 2, 3, 4), torch.zeros(1, 2, 3, 4,
                                                 dtype=torch.double), 1)


@pytest.mark.parametrize('d', [0, 1, 3])
def test_reverse_correlation(d):
    torch.manual_seed(0)
    a, b = torch.randn(2, 3, 5, 6), torch.randn(2, 3, 5, 6)
    torch.testing.assert_close(
        reverse_correlation(local_correlation(a, b, d), d),
        local_correlation(b, a, d))
    with pytest.raises(ValueError, match='expected'):
        reverse_correlation(torch.zeros(1, 3, 4, 4), d)
