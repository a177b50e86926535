"""Sequential sampling of diverse colorizations from g_omega (Sec. 2.3.1):
Y_1 ~ p(Y_1 | s), then Y_i ~ p(Y_i | Y_1, ..., Y_{i-1}, s) in raster
order.

:func:`naive_sample` runs the whole generator once per pixel.
:func:`cached_sample` draws the same samples (the same random numbers in
the same order) while computing only what each new pixel changes: the
condition terms of every layer once; the vertical stack one row at a time
(a row depends only on the rows above it) from cached padded inputs; the
horizontal stack one pixel at a time from its cached inputs to the left.
Several samples per input are rows of the batch (repeat the condition).
"""
import torch


def _check_condition(cond):
    if not isinstance(cond, torch.Tensor) or cond.dim() != 4:
        raise ValueError(f'condition must be (B, C, H, W), got '
                         f'{tuple(getattr(cond, "shape", ()))}')


@torch.no_grad()
def naive_sample(pixelcnn, cond, temperature=1.0, generator=None):
    """Sample ab maps by one full forward of ``pixelcnn`` per pixel.

    Args:
        pixelcnn (ConditionalGatedPixelCNN): g_omega.
        cond (torch.Tensor): ``(B, C_s, H, W)`` condition.
        temperature (float): See ``DiscretizedMixLogisticLoss.sample``.
        generator (torch.Generator, optional): Random stream.

    Returns:
        torch.Tensor: ``(B, 2, H, W)`` sampled ab.
    """
    _check_condition(cond)
    batch, _, height, width = cond.shape
    ab = cond.new_zeros(batch, 2, height, width)
    for row in range(height):
        for col in range(width):
            params = pixelcnn(ab, cond)[:, :, row, col]
            ab[:, :, row, col] = pixelcnn.loss_gen.sample(
                params, temperature, generator)
    return ab


@torch.no_grad()
def cached_sample(pixelcnn, cond, temperature=1.0, generator=None):
    """Sample ab maps incrementally; equal to :func:`naive_sample` for the
    same ``generator`` state (up to floating point summation order).

    Per layer the sampler keeps the layer's vertical input padded as in
    ``CausalGatedLayer.forward`` (``(B, C_in, H + k//2, W + 2 (k//2))``)
    and the current row of its horizontal input, channels last (``(B, W +
    k//2, C_in)``): row r of the vertical stack is one convolution of the
    k//2+1 rows ending at r (done once the row above is sampled), pixel
    (r, c) of the horizontal stack one matrix product of the k//2+1
    pixels ending at c (``CausalGatedLayer.horizontal_at``).

    Args and returns as :func:`naive_sample`.
    """
    _check_condition(cond)
    batch, _, height, width = cond.shape
    layers = pixelcnn.layers
    mixture = pixelcnn.loss_gen
    cond_terms = [layer.condition(cond) for layer in layers]
    h_matrices = [layer.h_conv_matrix() for layer in layers]
    v_in = [
        cond.new_zeros(batch, layer.v_conv.in_channels,
                       height + layer.v_padding[2],
                       width + layer.v_padding[0] + layer.v_padding[1])
        for layer in layers
    ]
    h_in = [
        cond.new_zeros(batch, width + layer.h_padding[0],
                       layer.h_conv.in_channels) for layer in layers
    ]
    ab = cond.new_zeros(batch, 2, height, width)
    for row in range(height):
        # the vertical stack at this row, from the rows above; its first
        # input (the ab map shifted down) at this row is the row above
        if row > 0:
            left, _, top, _ = layers[0].v_padding
            v_in[0][:, :, row + top, left:left + width] = mixture.normalize(
                ab[:, :, row - 1])
        contexts = []
        for i, layer in enumerate(layers):
            cond_v, cond_h = cond_terms[i]
            top = layer.v_padding[2]
            v_pre, v_out = layer.vertical(v_in[i][:, :, row:row + top + 1],
                                          cond_v[:, :, row:row + 1])
            context = layer.v_to_h(v_pre) + cond_h[:, :, row:row + 1]
            contexts.append(context[:, :, 0].transpose(1, 2))  # (B, W, 2C)
            if i + 1 < len(layers):
                left, _, top, _ = layers[i + 1].v_padding
                v_in[i + 1][:, :, row + top,
                            left:left + width] = v_out[:, :, 0]
        for buffer in h_in:
            buffer.zero_()
        # the horizontal stack, pixel by pixel
        for col in range(width):
            for i, layer in enumerate(layers):
                left = layer.h_padding[0]
                h = layer.horizontal_at(h_in[i][:, col:col + left + 1],
                                        contexts[i][:, col],
                                        h_in[i][:, col + left], h_matrices[i])
                if i + 1 < len(layers):
                    h_in[i + 1][:, col + layers[i + 1].h_padding[0]] = h
            value = mixture.sample(pixelcnn.mixture_params(h), temperature,
                                   generator)
            ab[:, :, row, col] = value
            if col + 1 < width:
                h_in[0][:, col + 1 + layers[0].h_padding[0]] = \
                    mixture.normalize(value)
    return ab
