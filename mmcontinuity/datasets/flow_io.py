"""Optical-flow frames on disk: the quantised JPEG layout of mmaction2.

A flow field of shape (H, W, 2) (x and y displacement in pixels) is stored as
two 8-bit grayscale images per frame, ``flow_x_%05d.jpg`` and
``flow_y_%05d.jpg``, each component clipped to ``[-bound, bound]`` and mapped
linearly onto ``[0, 255]`` (zero flow -> 127.5). This is the layout written by
mmaction2's ``denseflow`` tools; mmaction2's ``Flip`` inverts the x image for
the ``Flow`` modality, which is the same as negating the x displacement.

Flow frame ``i`` (1-based) holds the displacement from RGB frame ``i`` to
frame ``i + 1``; the last frame of a video repeats the flow of the frame before
it so that every RGB frame has a flow frame of the same index.
"""
import os.path as osp

import cv2
import numpy as np

from .image_io import decode_image, read_file

DEFAULT_BOUND = 20.0
FLOW_TMPL = 'flow_{}_{:05d}.jpg'


def quantize_flow(flow, bound=DEFAULT_BOUND):
    """Quantise a flow field to two uint8 images.

    Args:
        flow (np.ndarray): float array (H, W, 2), displacement in pixels.
        bound (float): displacements are clipped to ``[-bound, bound]``.

    Returns:
        np.ndarray: uint8 array (H, W, 2).
    """
    scaled = (np.clip(flow, -bound, bound) + bound) * (255.0 / (2 * bound))
    return np.round(scaled).astype(np.uint8)


def dequantize_flow(quantized, bound=DEFAULT_BOUND):
    """Inverse of :func:`quantize_flow` (up to the quantisation step).

    Args:
        quantized (np.ndarray): uint8 array (..., 2) or any uint8 image.
        bound (float): the bound used for quantisation.

    Returns:
        np.ndarray: float32 array of the same shape, in pixels.
    """
    return (quantized.astype(np.float32) * (2 * bound / 255.0) - bound)


def write_flow_frame(flow_dir, index, flow, bound=DEFAULT_BOUND,
                     tmpl=FLOW_TMPL, quality=95):
    """Write flow frame ``index`` (1-based) of a video as x/y JPEG images.

    Args:
        flow_dir (str): existing output folder of the video.
        index (int): 1-based frame number.
        flow (np.ndarray): float (H, W, 2) displacement, or already
            quantised uint8 (H, W, 2).
        bound (float): quantisation bound (ignored for uint8 input).
        tmpl (str): file-name template with a direction and an index field.
        quality (int): JPEG quality.
    """
    q = flow if flow.dtype == np.uint8 else quantize_flow(flow, bound)
    params = [cv2.IMWRITE_JPEG_QUALITY, quality]
    for c, direction in enumerate('xy'):
        path = osp.join(flow_dir, tmpl.format(direction, index))
        if not cv2.imwrite(path, np.ascontiguousarray(q[..., c]), params):
            raise OSError(f'could not write flow image {path}')


def read_flow_frame(flow_dir, index, tmpl=FLOW_TMPL):
    """Read flow frame ``index`` (1-based) written by :func:`write_flow_frame`.

    Returns:
        np.ndarray: uint8 array (H, W, 2), channel 0 is x, channel 1 is y.

    Raises:
        MissingFileError: naming the missing image (a FileNotFoundError).
        CorruptFileError: naming an empty, truncated, undecodable or
            colour image.
    """
    planes = []
    for direction in 'xy':
        path = osp.join(flow_dir, tmpl.format(direction, index))
        planes.append(decode_image(read_file(path), path, channels=1))
    if planes[0].shape != planes[1].shape:
        raise ValueError(f'flow frame {index} in {flow_dir}: x and y images '
                         f'differ in size {planes[0].shape} vs '
                         f'{planes[1].shape}')
    return np.stack(planes, axis=-1)
