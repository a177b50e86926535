"""Aligned 3D convolutions: Eqs. 5.4, 5.5 and 5.8 against a naive loop,
equivalence with nn.Conv3d at zero offsets, exact alignment of translated
clips, gradients, and the drop-in contract (build_conv_layer, state dicts,
offset hooks)."""
import math

import pytest
import torch
import torch.nn.functional as F
from mmcv.cnn import ConvModule, build_conv_layer
from mmengine.registry import DefaultScope
from torch import nn

import mmcontinuity  # noqa: F401
from mmcontinuity.models.aligned3d import (AlignedConv3d,
                                           PatchToPatchAlignedConv3d,
                                           PointToPointAlignedConv3d,
                                           patch_to_patch_conv3d,
                                           patch_to_point_conv3d,
                                           point_to_point_conv3d)

DOUBLE = dict(dtype=torch.double)
MODES = ['patch-to-patch', 'patch-to-point', 'point-to-point']
LAYERS = {
    'AlignedConv3d': AlignedConv3d,
    'PatchToPointAlignedConv3d': AlignedConv3d,
    'PatchToPatchAlignedConv3d': PatchToPatchAlignedConv3d,
    'PointToPointAlignedConv3d': PointToPointAlignedConv3d,
}


def out_size(size, k, s, p, d):
    return (size + 2 * p - d * (k - 1) - 1) // s + 1


def aligned(mode, x, offsets, weight, bias, stride, padding, dilation,
            groups, deform_offsets=None):
    """The functional core of ``mode``; point-to-point gets zero (or the
    given) deformable offsets."""
    args = (weight, bias, stride, padding, dilation, groups)
    if mode == 'patch-to-patch':
        return patch_to_patch_conv3d(x, offsets, *args)
    if mode == 'patch-to-point':
        return patch_to_point_conv3d(x, offsets, *args)
    if deform_offsets is None:
        t_out = out_size(x.size(2), 3, stride[0], padding[0], 1)
        h_out, w_out = (out_size(x.size(i + 3), weight.size(i + 3),
                                 stride[i + 1], padding[i + 1],
                                 dilation[i + 1]) for i in range(2))
        deform_offsets = x.new_zeros(x.size(0), 2 * weight[0, 0, 0].numel(),
                                     t_out, h_out, w_out)
    return point_to_point_conv3d(x, offsets, deform_offsets, *args)


def bilinear(frame, y, x):
    """frame (C, H, W) at the real point (y, x), zero outside."""
    _, h, w = frame.shape
    y0, x0 = math.floor(y), math.floor(x)
    value = frame.new_zeros(frame.size(0))
    for i, wy in ((y0, y0 + 1 - y), (y0 + 1, y - y0)):
        for j, wx in ((x0, x0 + 1 - x), (x0 + 1, x - x0)):
            if 0 <= i < h and 0 <= j < w:
                value = value + wy * wx * frame[:, i, j]
    return value


def naive(mode, x, offsets, deform_offsets, weight, stride, padding):
    """Eq. 5.3 with Eq. 5.4 / 5.5 / 5.8, one output and one tap at a time
    (dilation 1, groups 1, no bias)."""
    n, c, t, h, w = x.shape
    c_out, _, _, kh, kw = weight.shape
    sizes = [out_size(s, k, st, p, 1)
             for s, k, st, p in zip((t, h, w), (3, kh, kw), stride, padding)]
    out = x.new_zeros(n, c_out, *sizes)

    def frame(b, s):
        return x[b, :, s] if 0 <= s < t else x.new_zeros(c, h, w)

    def offset(b, direction, s, y, xx):
        """Delta_{s,s+dt} at the real point (y, xx) (zero outside)."""
        if not 0 <= s < t:
            return 0.0, 0.0
        dy, dx = bilinear(offsets[b, direction, :, s], y, xx)
        return dy.item(), dx.item()

    def warped(b, s, dt, y, xx):
        """The neighbour F_{s+dt} warped by its offsets, at integer
        (y, xx) (zero outside, as the padding of the convolution)."""
        if not (0 <= y < h and 0 <= xx < w):
            return x.new_zeros(c)
        dy, dx = offset(b, (dt + 1) // 2, s, y, xx)
        return bilinear(frame(b, s + dt), y + dy, xx + dx)

    for b in range(n):
        for ot in range(sizes[0]):
            s = ot * stride[0] - padding[0] + 1
            for oy in range(sizes[1]):
                for ox in range(sizes[2]):
                    cy = oy * stride[1] - padding[1] + (kh - 1) / 2
                    cx = ox * stride[2] - padding[2] + (kw - 1) / 2
                    for ky in range(kh):
                        for kx in range(kw):
                            y = oy * stride[1] - padding[1] + ky
                            xx = ox * stride[2] - padding[2] + kx
                            tap = ky * kw + kx
                            for dt in (-1, 0, 1):
                                if mode == 'patch-to-patch':
                                    dy, dx = (offset(
                                        b, (dt + 1) // 2, s, cy, cx)
                                              if dt else (0.0, 0.0))
                                    v = bilinear(
                                        frame(b, s + dt), y + dy, xx + dx)
                                elif mode == 'patch-to-point':
                                    v = (warped(b, s, dt, y, xx) if dt else
                                         bilinear(frame(b, s), y, xx))
                                else:
                                    dy, dx = deform_offsets[b, 2 * tap:2 *
                                                            tap + 2, ot, oy,
                                                            ox].tolist()
                                    qy, qx = y + dy, xx + dx
                                    if dt == 0:
                                        v = bilinear(frame(b, s), qy, qx)
                                    else:
                                        # bilinear over the warped frame
                                        y0, x0 = math.floor(qy), math.floor(
                                            qx)
                                        v = x.new_zeros(c)
                                        for i, wy in ((y0, y0 + 1 - qy),
                                                      (y0 + 1, qy - y0)):
                                            for j, wx in ((x0, x0 + 1 - qx),
                                                          (x0 + 1, qx - x0)):
                                                v = v + wy * wx * warped(
                                                    b, s, dt, i, j)
                                out[b, :, ot, oy, ox] += weight[
                                    :, :, dt + 1, ky, kx] @ v
    return out


@pytest.mark.parametrize('mode', MODES)
@pytest.mark.parametrize('kernel, stride, padding', [
    ((3, 3, 3), (1, 1, 1), (1, 1, 1)),
    ((3, 2, 3), (2, 2, 1), (0, 1, 0)),
    ((3, 3, 3), (1, 1, 1), (2, 1, 1)),
])
def test_equals_naive_loop(mode, kernel, stride, padding):
    """Random fractional offsets, non-uniform in space: the three modes
    are Eqs. 5.4, 5.5 and 5.8 tap by tap."""
    torch.manual_seed(0)
    x = torch.randn(1, 2, 4, 5, 6, **DOUBLE)
    offsets = 1.5 * torch.randn(1, 2, 2, 4, 5, 6, **DOUBLE)
    weight = torch.randn(3, 2, *kernel, **DOUBLE)
    t_out, h_out, w_out = (out_size(s, k, st, p, 1)
                           for s, k, st, p in zip((4, 5, 6), kernel, stride,
                                                  padding))
    deform = 1.5 * torch.randn(1, 2 * kernel[1] * kernel[2], t_out, h_out,
                               w_out, **DOUBLE)
    out = aligned(mode, x, offsets, weight, None, stride, padding, (1, 1, 1),
                  1, deform)
    torch.testing.assert_close(
        out, naive(mode, x, offsets, deform, weight, stride, padding))


@pytest.mark.parametrize('mode', MODES)
def test_batch_equals_samples_alone(mode):
    """The output frames of all samples are batched together (T' N):
    every sample of a batch of 3, with its own offsets, gives what it
    gives alone (temporal stride 2 and padding 1 included)."""
    torch.manual_seed(0)
    x = torch.randn(3, 2, 5, 4, 5, **DOUBLE)
    offsets = 1.5 * torch.randn(3, 2, 2, 5, 4, 5, **DOUBLE)
    weight = torch.randn(4, 1, 3, 3, 3, **DOUBLE)
    bias = torch.randn(4, **DOUBLE)
    deform = torch.randn(3, 18, 3, 4, 5, **DOUBLE)
    args = (weight, bias, (2, 1, 1), (1, 1, 1), (1, 1, 1), 2)
    out = aligned(mode, x, offsets, *args, deform)
    assert out.shape == (3, 4, 3, 4, 5)
    for i in range(3):
        torch.testing.assert_close(
            out[i:i + 1],
            aligned(mode, x[i:i + 1], offsets[i:i + 1], *args,
                    deform[i:i + 1]))


def test_modes_differ_on_non_uniform_offsets():
    torch.manual_seed(0)
    x = torch.randn(1, 2, 3, 6, 6, **DOUBLE)
    offsets = torch.randn(1, 2, 2, 3, 6, 6, **DOUBLE)
    weight = torch.randn(2, 2, 3, 3, 3, **DOUBLE)
    p2p, p2pt = (aligned(m, x, offsets, weight, None, (1, ) * 3, (1, ) * 3,
                         (1, ) * 3, 1) for m in MODES[:2])
    assert (p2p - p2pt).abs().max() > 0.1


@pytest.mark.parametrize('mode', MODES)
@pytest.mark.parametrize('kernel, stride, padding, dilation, groups', [
    ((3, 3, 3), (1, 1, 1), (1, 1, 1), (1, 1, 1), 1),
    ((3, 3, 3), (2, 2, 2), (1, 1, 1), (1, 1, 1), 1),
    ((3, 1, 1), (1, 1, 1), (0, 0, 0), (1, 1, 1), 1),
    ((3, 2, 3), (1, 2, 1), (2, 0, 1), (1, 1, 2), 2),
    ((3, 5, 5), (1, 1, 1), (1, 2, 2), (1, 1, 1), 4),
])
def test_zero_offsets_equal_conv3d(mode, kernel, stride, padding, dilation,
                                   groups):
    torch.manual_seed(0)
    x = torch.randn(2, 8, 5, 9, 10, **DOUBLE)
    weight = torch.randn(8, 8 // groups, *kernel, **DOUBLE)
    bias = torch.randn(8, **DOUBLE)
    offsets = x.new_zeros(2, 2, 2, 5, 9, 10)
    torch.testing.assert_close(
        aligned(mode, x, offsets, weight, bias, stride, padding, dilation,
                groups),
        F.conv3d(x, weight, bias, stride, padding, dilation, groups))


def translated_clip(velocity, frames=5, size=(12, 14), channels=3):
    """Frames F_t(i, j) = g(i - vy t, j - vx t): random content where the
    velocity is integer, linear content along a fractional component (so
    that bilinear interpolation is exact). Returns the clip and the static
    clips' content g at each t (the frames before translation)."""
    vy, vx = velocity
    h, w = size
    ys = torch.arange(h, **DOUBLE)[:, None] - vy * torch.arange(
        frames, **DOUBLE)[:, None, None]
    xs = torch.arange(w, **DOUBLE)[None] - vx * torch.arange(
        frames, **DOUBLE)[:, None, None]
    coef = torch.randn(channels, 3, **DOUBLE)

    def along(coords, v, k):
        if float(v).is_integer():  # random content on the integer grid
            table = torch.randn(channels, 64, **DOUBLE)
            return table[:, (coords.long() + 32)]
        return coef[:, k, None, None, None] * coords

    clip = along(ys, vy, 0) + along(xs, vx, 1)  # (C, T, H, W)
    return clip[None]


@pytest.mark.parametrize('mode', MODES)
@pytest.mark.parametrize('velocity', [(1, -2), (0, 1), (0.5, 0), (-0.25, 1.5)])
def test_translated_clip_is_aligned(mode, velocity):
    """With offsets set to the translation (Delta_{t,t+1} = v,
    Delta_{t,t-1} = -v), the output at every inner slice t equals the
    convolution of the static clip [F_t, F_t, F_t], i.e. the 2-D
    convolution of F_t with the temporally summed kernel, away from the
    borders."""
    torch.manual_seed(0)
    clip = translated_clip(velocity)
    weight = torch.randn(4, 3, 3, 3, 3, **DOUBLE)
    v = torch.tensor(velocity, **DOUBLE).view(1, 2, 1, 1, 1)
    offsets = torch.stack([-v, v], 1).expand(1, 2, 2, *clip.shape[2:])
    out = aligned(mode, clip, offsets, weight, None, (1, ) * 3, (1, ) * 3,
                  (1, ) * 3, 1)
    static = F.conv2d(clip[0].transpose(0, 1), weight.sum(2), padding=1)
    margin = 1 + math.ceil(max(abs(c) for c in velocity))
    inner = (slice(margin, -margin), ) * 2
    torch.testing.assert_close(out[0, :, 1:-1][(..., ) + inner],
                               static.transpose(0, 1)[:, 1:-1][(..., ) +
                                                               inner])
    # the vanilla convolution is not aligned
    vanilla = F.conv3d(clip, weight, padding=1)
    assert (vanilla - out)[0, :, 1:-1][(..., ) + inner].abs().max() > 1e-3


def test_point_to_point_tracks_the_deformed_point():
    """Point-to-point with a uniform deformable shift u on a translated
    clip reads F_t at p + u and its neighbours where the offsets track
    that point: the static result shifted by u."""
    torch.manual_seed(0)
    clip = translated_clip((1, -1))
    weight = torch.randn(2, 3, 3, 3, 3, **DOUBLE)
    v = torch.tensor([1.0, -1.0], **DOUBLE).view(1, 2, 1, 1, 1)
    offsets = torch.stack([-v, v], 1).expand(1, 2, 2, *clip.shape[2:])
    u = (2, 1)
    deform = torch.tensor(u, **DOUBLE).repeat(9).view(1, 18, 1, 1, 1).expand(
        1, 18, *clip.shape[2:]).contiguous()
    out = point_to_point_conv3d(clip, offsets, deform, weight, padding=1)
    static = F.conv2d(clip[0].transpose(0, 1), weight.sum(2), padding=1)
    torch.testing.assert_close(out[0, :, 1:-1, 3:-5, 3:-5],
                               static.transpose(0, 1)[:, 1:-1, 5:-3, 4:-4])


@pytest.mark.parametrize('mode', MODES)
def test_gradcheck(mode):
    """Gradients of input, offsets, deformable offsets, weight and bias;
    fractional offsets keep the samples off the kinks of bilinear
    interpolation."""
    torch.manual_seed(0)
    x = torch.randn(1, 2, 3, 3, 3, **DOUBLE, requires_grad=True)
    offsets = (0.3 + 0.4 * torch.rand(1, 2, 2, 3, 3, 3, **DOUBLE)) * (
        torch.randint(0, 2, (1, 2, 2, 3, 3, 3)) * 2 - 1)
    offsets.requires_grad_()
    weight = torch.randn(2, 2, 3, 3, 3, **DOUBLE, requires_grad=True)
    bias = torch.randn(2, **DOUBLE, requires_grad=True)
    deform = 0.2 + 0.5 * torch.rand(1, 18, 1, 3, 3, **DOUBLE)
    deform.requires_grad_()
    args = (x, offsets, weight, bias)
    padding = (0, 1, 1)
    if mode == 'point-to-point':
        assert torch.autograd.gradcheck(
            lambda x, o, w, b, d: point_to_point_conv3d(
                x, o, d, w, b, padding=padding), args + (deform, ))
    else:
        fn = dict(zip(MODES, (patch_to_patch_conv3d,
                              patch_to_point_conv3d)))[mode]
        assert torch.autograd.gradcheck(
            lambda x, o, w, b: fn(x, o, w, b, padding=padding), args)


def autograd_slices(x, stride, padding):
    """The slices through autograd's pad, unfold and unbind (the
    implementation before ``_NeighbourSlices``)."""
    frames = F.pad(
        x.permute(2, 0, 3, 4, 1),
        (0, 0, 0, 0, 0, 0, 0, 0, padding, padding)).contiguous()
    windows = frames.unfold(0, 3, stride).flatten(0, 1)
    return windows.permute(0, 3, 1, 2, 4).unbind(-1)


@pytest.mark.parametrize('stride, padding', [(1, 1), (2, 1), (2, 0),
                                             (1, 2), (3, 1)])
@pytest.mark.parametrize('used', [(0, 1, 2), (1, )])
def test_slices_backward_is_autograds_bitwise(stride, padding, used):
    """The hand-written backward of the slices sums the gradients in
    autograd's order: bitwise equal, for gradients in either layout and
    unused slices."""
    from mmcontinuity.models.aligned3d.aligned_conv import _slices
    torch.manual_seed(0)
    x = torch.randn(2, 5, 7, 4, 6)
    grads = []
    for slices in (_slices, autograd_slices):
        leaf = x.clone().requires_grad_()
        taps = slices(leaf, stride, padding)
        assert all(torch.equal(a, b) for a, b in zip(
            taps, autograd_slices(x, stride, padding)))
        torch.manual_seed(1)
        loss = sum((tap * torch.randn(tap.shape).contiguous(
            memory_format=torch.channels_last if k % 2 else
            torch.contiguous_format)).sum() for k, tap in enumerate(taps)
                   if k in used)
        loss.backward()
        grads.append(leaf.grad)
    assert torch.equal(*grads)


@pytest.mark.parametrize('shape', [(2, 3, 4, 5, 6), (1, 1, 2, 3, 3)])
def test_layout_changes_are_exact(shape):
    """The layer's channels-last copy of its input and the way back of its
    output (per-sample 2-D transposes), and their backward, are exact;
    the layer's output has the layout of its input, as nn.Conv3d's."""
    from mmcontinuity.models.aligned3d.aligned_conv import (
        _ChangeLayout, channels_last_3d)
    torch.manual_seed(0)
    x = torch.randn(shape, requires_grad=True)
    out = channels_last_3d(x)
    assert torch.equal(out, x)
    assert out.is_contiguous(memory_format=torch.channels_last_3d)
    grad = torch.randn(shape)
    for back in (False, True):
        for layout in (torch.channels_last_3d, torch.contiguous_format):
            x.grad = None
            out = channels_last_3d(x)
            if back:
                out = _ChangeLayout.apply(out)
                assert out.is_contiguous() and torch.equal(out, x)
            out.backward(grad.contiguous(memory_format=layout))
            assert torch.equal(x.grad, grad)
    layer = AlignedConv3d(shape[1], 2, 3, padding=1)
    assert layer(x).is_contiguous()
    if shape[1] > 1:  # else channels-last is also channels-first
        x = x.detach().contiguous(memory_format=torch.channels_last_3d)
        assert layer(x).is_contiguous(memory_format=torch.channels_last_3d)


def test_argument_errors():
    x = torch.zeros(1, 2, 3, 4, 4)
    offsets = torch.zeros(1, 2, 2, 3, 4, 4)
    with pytest.raises(ValueError, match='temporal kernel of 3'):
        patch_to_point_conv3d(x, offsets, torch.zeros(2, 2, 1, 3, 3))
    with pytest.raises(ValueError, match=r'offsets must be'):
        patch_to_point_conv3d(x, offsets[:, :, :, :2],
                              torch.zeros(2, 2, 3, 3, 3))
    with pytest.raises(ValueError, match='fewer than the temporal kernel'):
        patch_to_patch_conv3d(x[:, :, :2], offsets[:, :, :, :2],
                              torch.zeros(2, 2, 3, 3, 3))
    with pytest.raises(ValueError, match='deform_offsets must be'):
        point_to_point_conv3d(x, offsets, torch.zeros(1, 18, 3, 4, 4),
                              torch.zeros(2, 2, 3, 3, 3))
    with pytest.raises(ValueError, match='temporal kernel of 3'):
        AlignedConv3d(2, 2, (1, 3, 3))


@pytest.mark.parametrize('name', list(LAYERS))
@pytest.mark.parametrize('offsets', [
    dict(type='CorrelationOffsets', max_displacement=1),
    dict(type='ConcatOffsets')
])
def test_build_conv_layer_loads_conv3d(name, offsets):
    """mmcv's build_conv_layer finds the layer in MMEngine's root registry
    from mmaction2's scope; a vanilla nn.Conv3d state dict loads strictly
    and the new layer equals the vanilla one."""
    torch.manual_seed(0)
    vanilla = nn.Conv3d(4, 6, 3, stride=(1, 2, 2), padding=1)
    with DefaultScope.overwrite_default_scope('mmaction'):
        layer = build_conv_layer(
            dict(type=name, offsets=offsets),
            4,
            6,
            3,
            stride=(1, 2, 2),
            padding=1)
    assert type(layer) is LAYERS[name]
    layer.load_state_dict(vanilla.state_dict())
    x = torch.randn(2, 4, 4, 8, 8)
    torch.testing.assert_close(layer(x), vanilla(x))
    assert dict(layer.named_parameters())['weight'].shape == (6, 4, 3, 3, 3)


def test_partial_checkpoint_reports_missing_offsets():
    layer = AlignedConv3d(4, 4, 3, padding=1)
    state = layer.state_dict()
    del state['offsets.conv.bias']
    result = layer.load_state_dict(state, strict=False)
    assert result.missing_keys == ['offsets.conv.bias']


def test_conv_module_hook_and_learning():
    """Inside mmcv's ConvModule (as in mmaction2's ResNet3d blocks): the
    offsets' forward output is hookable, zero at initialisation, and the
    zero-initialised offset layers receive gradients."""
    torch.manual_seed(0)
    with DefaultScope.overwrite_default_scope('mmaction'):
        block = ConvModule(
            4,
            4,
            (3, 3, 3),
            padding=1,
            bias=False,
            conv_cfg=dict(type='PointToPointAlignedConv3d'),
            norm_cfg=dict(type='BN3d'))
    seen = []
    block.conv.offsets.register_forward_hook(
        lambda module, args, output: seen.append(output))
    x = torch.randn(2, 4, 4, 6, 6)
    block(x).square().sum().backward()
    assert seen[0].shape == (2, 2, 2, 4, 6, 6) and not seen[0].any()
    assert block.conv.offsets.conv.weight.grad.abs().sum() > 0
    assert block.conv.deform_offsets.weight.grad.abs().sum() > 0
