"""Image and segmentation-map loading with errors that name the file.

mmcv's ``LoadImageFromFile`` (used by mmpretrain, mmseg and mmdet) stops
on an empty file with ``cv2.error ... !buf.empty()``, naming no file, on
undecodable or truncated data with an ``AssertionError`` (``failed to load
image: <file>``, which ``skip_bad_samples`` cannot tell from a bug) and
turns a gray image into a colour one without a word; mmseg's
``LoadAnnotations`` reads an empty, truncated or undecodable class map with
a Pillow error naming no file and passes a colour class map on as an
(H, W, 3) array. The transforms here raise a
:class:`~mmcontinuity.datasets.bad_samples.MissingFileError` or
:class:`~mmcontinuity.datasets.bad_samples.CorruptFileError` naming the
file instead, which ``skip_bad_samples=True`` of our datasets skips; a
good file gives the library's arrays unchanged.
"""
import cv2
from mmcv.transforms import LoadImageFromFile
from mmengine import fileio
from mmengine.registry import TRANSFORMS
from mmseg.datasets.transforms import LoadAnnotations
from mmseg.registry import TRANSFORMS as SEG_TRANSFORMS
from PIL import UnidentifiedImageError

from ..bad_samples import BadSampleError, CorruptFileError, MissingFileError
from ..image_io import decode_image

_CHANNELS = {'color': 3, 'grayscale': 1}


def read_bytes(path, backend_args=None):
    """Bytes of ``path`` through mmengine's file backends; a missing file
    is a :class:`MissingFileError`."""
    try:
        return fileio.get(path, backend_args=backend_args)
    except FileNotFoundError:
        raise MissingFileError(f'{path} not found', path) from None


# mmengine's root registry: found from every library's scope
@TRANSFORMS.register_module()
class CheckedLoadImageFromFile(LoadImageFromFile):
    """mmcv's ``LoadImageFromFile`` whose errors name the image file: a
    missing file, an empty, truncated or undecodable one, or one with
    another number of channels than ``color_type`` asks for (3 for
    ``'color'``, 1 for ``'grayscale'``; :func:`..image_io.decode_image`).
    It decodes with OpenCV, in BGR order, as mmcv does by default;
    ``ignore_empty=True`` returns None for any bad file, as mmcv does for
    an unreadable one.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        if (self.color_type not in _CHANNELS or self.imdecode_backend != 'cv2'
                or self.file_client_args is not None):
            raise ValueError('CheckedLoadImageFromFile decodes with '
                             "imdecode_backend='cv2' in color_type "
                             f'{" or ".join(_CHANNELS)} (backend_args, not '
                             'file_client_args); got color_type='
                             f'{self.color_type!r}, imdecode_backend='
                             f'{self.imdecode_backend!r}')

    def transform(self, results):
        path = results['img_path']
        try:
            img = decode_image(read_bytes(path, self.backend_args), path,
                               _CHANNELS[self.color_type])
        except BadSampleError:
            if self.ignore_empty:
                return None
            raise
        if self.to_float32:
            img = img.astype('float32')
        results['img'] = img
        results['img_shape'] = img.shape[:2]
        results['ori_shape'] = img.shape[:2]
        return results


@SEG_TRANSFORMS.register_module()
class CheckedLoadAnnotations(LoadAnnotations):
    """mmseg's ``LoadAnnotations`` whose errors name the class map: a
    missing file, an empty, truncated or undecodable one, or one with
    several channels (a colour image instead of a map of class indices)."""

    def _load_seg_map(self, results):
        path = results['seg_map_path']
        try:
            super()._load_seg_map(results)
        except FileNotFoundError:
            raise MissingFileError(f'class map {path} not found',
                                   path) from None
        except (OSError, SyntaxError, cv2.error) as error:
            # Pillow: not an image / truncated; OpenCV: empty buffer
            if not read_bytes(path, self.backend_args):
                raise CorruptFileError(f'class map {path} is empty (0 '
                                       'bytes)', path) from error
            reason = ('unknown format' if isinstance(
                error, UnidentifiedImageError) else error)
            raise CorruptFileError(f'class map {path} is not a readable '
                                   f'image ({reason})', path) from error
        seg_map = results['gt_seg_map']
        if seg_map.ndim != 2:
            raise CorruptFileError(f'class map {path} has {seg_map.shape[2]}'
                                   ' channels, expected 1', path)
