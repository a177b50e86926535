"""Checked decoding of frame, flow and mask image files.

OpenCV returns ``None`` for an undecodable buffer, raises on an empty one,
decodes a JPEG cut short as far as its data go, and silently converts gray
to colour; :func:`decode_image` turns each of these into a
:class:`~.bad_samples.CorruptFileError` naming the file.
"""
import cv2
import numpy as np

from .bad_samples import CorruptFileError, MissingFileError

_JPEG_SOI, _JPEG_EOI = b'\xff\xd8', b'\xff\xd9'


def read_file(path):
    """Bytes of ``path``; a missing file is a :class:`MissingFileError`."""
    try:
        with open(path, 'rb') as f:
            return f.read()
    except FileNotFoundError:
        raise MissingFileError(f'{path} not found', path) from None


def decode_image(content, path, channels):
    """Decode an 8-bit image file that must have ``channels`` channels.

    Args:
        content (bytes): the file's bytes.
        path (str): the file, named in the errors.
        channels (int): 1 (gray, returned (H, W)) or 3 (colour, returned
            (H, W, 3) in OpenCV's BGR order).

    Returns:
        np.ndarray: uint8 image, as ``cv2.imdecode`` gives it with
        ``IMREAD_GRAYSCALE`` / ``IMREAD_COLOR`` for a file of that kind.

    Raises:
        CorruptFileError: empty file, JPEG without its end-of-image marker
            (truncated), undecodable data, or another number of channels.
    """
    if not content:
        raise CorruptFileError(f'{path} is empty (0 bytes)', path)
    if (content.startswith(_JPEG_SOI)
            and not content.rstrip(b'\x00').endswith(_JPEG_EOI)):
        raise CorruptFileError(f'{path} is a truncated JPEG (no end-of-image '
                               'marker)', path)
    img = cv2.imdecode(np.frombuffer(content, np.uint8),
                       cv2.IMREAD_ANYCOLOR)
    if img is None:
        raise CorruptFileError(f'{path} is not a readable image', path)
    found = 1 if img.ndim == 2 else img.shape[2]
    if found != channels:
        raise CorruptFileError(f'{path} has {found} channel(s), expected '
                               f'{channels}', path)
    return img
