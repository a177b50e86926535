"""ImageNet-C style corruptions at a given severity, as a pipeline step.

The corruption functions live in
:mod:`mmcontinuity.evaluation.functional.corruptions` (one implementation,
shared with the robustness tools); this transform applies one of them to the
loaded image of an mmpretrain pipeline.
"""
import numpy as np
from mmcv.transforms import BaseTransform
from mmpretrain.registry import TRANSFORMS

from mmcontinuity.evaluation.functional.corruptions import CORRUPTIONS, corrupt


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
        if channel_order not in ('bgr', 'rgb'):
            raise ValueError(f"channel_order must be 'bgr' or 'rgb', got "
                             f'{channel_order!r}')
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
