"""Loading of RGB frames, flow frames and object masks by frame index."""
import io
import os.path as osp

import mmcv
import numpy as np
from mmaction.registry import TRANSFORMS
from mmcv.transforms import BaseTransform
from mmengine.fileio import get
from PIL import Image

from ..flow_io import FLOW_TMPL, read_flow_frame


def _check_shape(results, shape, path):
    expected = results.get('img_shape')
    if expected is not None and tuple(expected) != tuple(shape):
        raise ValueError(f'{path} is {shape[1]}x{shape[0]} but the '
                         f'annotation of video {results.get("video_id")} '
                         f'says {expected[1]}x{expected[0]}')


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
            path = osp.join(results['frame_dir'],
                            results['filename_tmpl'].format(int(index)))
            try:
                content = get(path, backend_args=self.backend_args)
            except FileNotFoundError:
                raise FileNotFoundError(
                    f'video {results.get("video_id")}: frame {index} '
                    f'missing ({path})') from None
            img = mmcv.imfrombytes(content, channel_order='rgb')
            if img is None:
                raise ValueError(f'video {results.get("video_id")}: frame '
                                 f'{index} is not a readable image ({path})')
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

    Required keys: ``flow_dir``, ``frame_inds``; optional ``img_shape``.
    Added keys: ``flow_imgs`` (list of T uint8 (H, W, 2) arrays, channel 0
    the x and channel 1 the y component, 127.5 is zero displacement).

    Args:
        tmpl (str): file-name template with a direction ('x'/'y') and an
            index field.
    """

    def __init__(self, tmpl=FLOW_TMPL):
        self.tmpl = tmpl

    def transform(self, results):
        flows = []
        for index in np.asarray(results['frame_inds']).reshape(-1):
            try:
                flow = read_flow_frame(results['flow_dir'], int(index),
                                       self.tmpl)
            except FileNotFoundError as e:
                raise FileNotFoundError(
                    f'video {results.get("video_id")}: {e}') from None
            _check_shape(results, flow.shape[:2],
                         osp.join(results['flow_dir'],
                                  self.tmpl.format('x', int(index))))
            flows.append(flow)
        results['flow_imgs'] = flows
        return results

    def __repr__(self):
        return f'{self.__class__.__name__}(tmpl={self.tmpl!r})'


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
            path = osp.join(results['mask_dir'],
                            results['mask_tmpl'].format(int(index)))
            try:
                content = get(path, backend_args=self.backend_args)
            except FileNotFoundError:
                raise FileNotFoundError(
                    f'video {results.get("video_id")}: mask of frame {index} '
                    f'missing ({path})') from None
            mask = np.array(Image.open(io.BytesIO(content)))
            if mask.ndim == 3:
                mask = mask.max(-1)
            frame_shape = results['imgs'][0].shape[:2] \
                if 'imgs' in results else mask.shape
            if mask.shape != frame_shape:
                raise ValueError(f'{path} is {mask.shape[1]}x{mask.shape[0]} '
                                 f'but its frame is {frame_shape[1]}x'
                                 f'{frame_shape[0]}')
            masks.append(mask > 0)
        results['gt_masks'] = np.stack(masks).astype(np.uint8)
        return results

    def __repr__(self):
        return f'{self.__class__.__name__}(backend_args={self.backend_args})'
