"""ImageNet-C corruptions and ImageNet-P perturbation frames as pipeline
steps.

The functions live in :mod:`.functional.corruptions` and
:mod:`.functional.perturbations` (plain numpy, one implementation); these
transforms apply them to the loaded image of an mmpretrain pipeline.
"""
import numpy as np
from mmcv.transforms import BaseTransform
from mmpretrain.registry import TRANSFORMS

from .functional import CORRUPTIONS, corrupt, perturbation_frame


def _check_channel_order(channel_order):
    if channel_order not in ('bgr', 'rgb'):
        raise ValueError(f"channel_order must be 'bgr' or 'rgb', got "
                         f'{channel_order!r}')


@TRANSFORMS.register_module()
class ImageCorruption(BaseTransform):
    """Apply one ImageNet-C style corruption at a severity from 1 to 5.

    Required keys: ``img`` uint8 (H, W, 3). Modified keys: ``img``.
    Added keys: ``corruption``, ``severity`` (add them to the packing
    ``meta_keys`` for the robustness metrics).

    The random source is drawn from ``np.random``, so mmengine's seeding
    makes a run reproducible.

    Args:
        corruption (str): a key of :data:`CORRUPTIONS`.
        severity (int): 1 (mild) to 5 (severe).
        channel_order (str): ``'bgr'`` (mmcv loading) or ``'rgb'``; the
            corruptions work on RGB.
    """

    def __init__(self, corruption, severity, channel_order='bgr'):
        if corruption not in CORRUPTIONS:
            raise ValueError(f'unknown corruption {corruption!r}, expected '
                             f'one of {sorted(CORRUPTIONS)}')
        if severity not in (1, 2, 3, 4, 5):
            raise ValueError(f'severity must be 1..5, got {severity!r}')
        _check_channel_order(channel_order)
        self.corruption = corruption
        self.severity = severity
        self.channel_order = channel_order

    def transform(self, results):
        img = results['img']
        if self.channel_order == 'bgr':
            img = img[..., ::-1]
        rng = np.random.default_rng(np.random.randint(2**31))
        out = corrupt(np.ascontiguousarray(img), self.corruption,
                      self.severity, rng)
        results['img'] = np.ascontiguousarray(
            out[..., ::-1] if self.channel_order == 'bgr' else out)
        results['corruption'] = self.corruption
        results['severity'] = self.severity
        return results

    def __repr__(self):
        return (f'{self.__class__.__name__}(corruption={self.corruption!r}, '
                f'severity={self.severity})')


@TRANSFORMS.register_module()
class ImagePerturbation(BaseTransform):
    """Turn the loaded image into frame ``frame_index`` of its perturbation
    sequence (:func:`.functional.perturbation_frame`).

    Required keys: ``img`` uint8 (H, W, 3), ``perturbation``,
    ``frame_index``, ``sequence_seed`` (set by
    ``PerturbationSequenceDataset``). Modified keys: ``img``. The frame
    depends only on these keys, not on global random state.

    Args:
        channel_order (str): ``'bgr'`` (mmcv loading) or ``'rgb'``.
    """

    def __init__(self, channel_order='bgr'):
        _check_channel_order(channel_order)
        self.channel_order = channel_order

    def transform(self, results):
        img = results['img']
        if self.channel_order == 'bgr':
            img = img[..., ::-1]
        out = perturbation_frame(np.ascontiguousarray(img),
                                 results['perturbation'],
                                 results['frame_index'],
                                 results['sequence_seed'])
        results['img'] = np.ascontiguousarray(
            out[..., ::-1] if self.channel_order == 'bgr' else out)
        return results

    def __repr__(self):
        return (f'{self.__class__.__name__}('
                f'channel_order={self.channel_order!r})')
