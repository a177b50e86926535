"""Loading of RGB frames, flow frames and object masks by frame index."""
import io
import os.path as osp

import cv2
import numpy as np
from mmaction.registry import TRANSFORMS
from mmcv.transforms import BaseTransform
from mmengine.fileio import get
from PIL import Image

from ..bad_samples import BadSampleError, CorruptFileError, MissingFileError
from ..flow_io import FLOW_TMPL, read_flow_frame
from ..image_io import decode_image, read_file


def _check_shape(results, shape, path):
    expected = results.get('img_shape')
    if expected is not None and tuple(expected) != tuple(shape):
        raise CorruptFileError(f'{path} is {shape[1]}x{shape[0]} but the '
                               f'annotation of video '
                               f'{results.get("video_id")} says '
                               f'{expected[1]}x{expected[0]}', path)


def _read_frame_file(results, folder_key, tmpl_key, index, what,
                     backend_args):
    """Bytes of the file of frame ``index``; a missing file names the video.

    Returns:
        tuple: (bytes, path).
    """
    path = osp.join(results[folder_key], results[tmpl_key].format(int(index)))
    try:
        return get(path, backend_args=backend_args), path
    except FileNotFoundError:
        raise MissingFileError(f'video {results.get("video_id")}: {what} '
                               f'{index} missing ({path})', path) from None


@TRANSFORMS.register_module()
class LoadFrames(BaseTransform):
    """Read the RGB frames ``frame_inds`` of a frame folder.

    Unlike mmaction2's ``RawFrameDecode`` it leaves ``gt_bboxes`` untouched
    (they are already in pixels) and checks every frame against the
    annotated resolution.

    Required keys: ``frame_dir``, ``filename_tmpl``, ``frame_inds`` (T,),
    optional ``img_shape`` (the annotated (h, w)).
    Added keys: ``imgs`` (list of T uint8 (H, W, 3) RGB arrays),
    ``img_shape``, ``original_shape``.

    Args:
        backend_args (dict, optional): mmengine file backend arguments
            (default: local files).
    """

    def __init__(self, backend_args=None):
        self.backend_args = backend_args

    def transform(self, results):
        imgs = []
        for index in np.asarray(results['frame_inds']).reshape(-1):
            content, path = _read_frame_file(results, 'frame_dir',
                                             'filename_tmpl', index, 'frame',
                                             self.backend_args)
            try:
                img = decode_image(content, path, channels=3)
            except CorruptFileError as e:
                raise CorruptFileError(f'video {results.get("video_id")}: '
                                       f'frame {index}: {e}', path) from None
            img = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)
            _check_shape(results, img.shape[:2], path)
            imgs.append(img)
        results['imgs'] = imgs
        results['img_shape'] = imgs[0].shape[:2]
        results['original_shape'] = imgs[0].shape[:2]
        return results

    def __repr__(self):
        return f'{self.__class__.__name__}(backend_args={self.backend_args})'


@TRANSFORMS.register_module()
class LoadFlowFrames(BaseTransform):
    """Read the flow frames paired with the RGB frames ``frame_inds``.

    Flow frame ``i`` is the quantised displacement from RGB frame ``i`` to
    ``i + 1`` (see ``mmcontinuity.datasets.flow_io``); it has the size of the
    RGB frames. Place it right after ``LoadFrames``, before the geometric
    transforms (which then move RGB and flow together).

    Two layouts:

    - ``'xy'`` (default; ``tools/data/extract_flow.py``, mmaction2's
      denseflow): two grayscale images per frame, ``tmpl`` has a direction
      ('x'/'y') and an index field;
    - ``'brox'`` (the ``brox-images`` of ACT/MOC for UCF101-24 and J-HMDB):
      one colour image per frame whose red, green and blue channels hold the
      x, y components and the magnitude, ``tmpl`` has an index field (e.g.
      ``'{:05d}.jpg'``); the magnitude is dropped.

    Required keys: ``flow_dir``, ``frame_inds``; optional ``img_shape``.
    Added keys: ``flow_imgs`` (list of T uint8 (H, W, 2) arrays, channel 0
    the x and channel 1 the y component, about 128 is zero displacement).

    Args:
        tmpl (str, optional): file-name template; defaults to
            ``'flow_{}_{:05d}.jpg'`` (``'xy'``) or ``'{:05d}.jpg'``
            (``'brox'``).
        layout (str): ``'xy'`` or ``'brox'``.
    """

    def __init__(self, tmpl=None, layout='xy'):
        if layout not in ('xy', 'brox'):
            raise ValueError(f"layout must be 'xy' or 'brox', got {layout!r}")
        self.layout = layout
        self.tmpl = tmpl or (FLOW_TMPL if layout == 'xy' else '{:05d}.jpg')

    def _read(self, flow_dir, index):
        """(flow (H, W, 2) uint8, path of its x image)."""
        if self.layout == 'xy':
            return (read_flow_frame(flow_dir, index, self.tmpl),
                    osp.join(flow_dir, self.tmpl.format('x', index)))
        path = osp.join(flow_dir, self.tmpl.format(index))
        img = decode_image(read_file(path), path, channels=3)
        return np.ascontiguousarray(img[..., [2, 1]]), path  # BGR -> x, y

    def transform(self, results):
        flows = []
        for index in np.asarray(results['frame_inds']).reshape(-1):
            try:
                flow, path = self._read(results['flow_dir'], int(index))
            except BadSampleError as e:
                raise type(e)(f'video {results.get("video_id")}: flow frame '
                              f'{index}: {e}', e.path) from None
            _check_shape(results, flow.shape[:2], path)
            flows.append(flow)
        results['flow_imgs'] = flows
        return results

    def __repr__(self):
        return (f'{self.__class__.__name__}(tmpl={self.tmpl!r}, '
                f'layout={self.layout!r})')


@TRANSFORMS.register_module()
class LoadMasks(BaseTransform):
    """Read the object masks of the frames ``frame_inds`` (DAVIS layout).

    Masks are PNG files, grayscale (DAVIS-2016: 0/255) or palette images
    (DAVIS-2017, VOC: the palette index is the object id); any non-zero value
    is the foreground.

    Required keys: ``mask_dir``, ``mask_tmpl``, ``frame_inds``, ``imgs``
    (to check the size).
    Added keys: ``gt_masks`` uint8 (T, H, W) in {0, 1}.

    Args:
        backend_args (dict, optional): mmengine file backend arguments
            (default: local files).
    """

    def __init__(self, backend_args=None):
        self.backend_args = backend_args

    def transform(self, results):
        masks = []
        for index in np.asarray(results['frame_inds']).reshape(-1):
            content, path = _read_frame_file(results, 'mask_dir', 'mask_tmpl',
                                             index, 'mask of frame',
                                             self.backend_args)
            try:
                mask = np.array(Image.open(io.BytesIO(content)))
            except (OSError, SyntaxError, ValueError) as e:
                raise CorruptFileError(f'video {results.get("video_id")}: '
                                       f'mask of frame {index} is not a '
                                       f'readable image ({path}): {e}',
                                       path) from None
            if mask.ndim == 3:
                mask = mask.max(-1)
            frame_shape = results['imgs'][0].shape[:2] \
                if 'imgs' in results else mask.shape
            if mask.shape != frame_shape:
                raise CorruptFileError(
                    f'{path} is {mask.shape[1]}x{mask.shape[0]} but its '
                    f'frame is {frame_shape[1]}x{frame_shape[0]}', path)
            masks.append(mask > 0)
        results['gt_masks'] = np.stack(masks).astype(np.uint8)
        return results

    def __repr__(self):
        return f'{self.__class__.__name__}(backend_args={self.backend_args})'
