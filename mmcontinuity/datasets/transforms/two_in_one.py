"""Flow images for the flow stream of the two-in-one experiments."""
import numpy as np
from mmaction.registry import TRANSFORMS
from mmcv.transforms import BaseTransform


@TRANSFORMS.register_module()
class AddFlowMagnitude(BaseTransform):
    """Flow frames as 3-channel flow images: x, y and the magnitude.

    The input of a flow stream whose backbone takes three channels (SSD's
    VGG-16), like the flow images of the thesis (BroxFlow: x, y and
    magnitude channels). With ``d = (x - 127.5, y - 127.5)`` the quantised
    displacement (``mmcontinuity.datasets.flow_io``), the third channel is
    ``sqrt(2) * |d|``, 0 for no motion and 255 when both components are at
    the quantisation bound. Place it after the geometric transforms (a
    flip negates x, which leaves the magnitude as it is).

    Required keys: ``flow_imgs`` (list of T uint8 (H, W, 2) arrays).
    Modified keys: ``flow_imgs`` (list of T uint8 (H, W, 3) arrays).
    """

    def transform(self, results):
        images = []
        for flow in results['flow_imgs']:
            if flow.ndim != 3 or flow.shape[-1] != 2:
                raise ValueError(
                    f'video {results.get("video_id")}: flow frames must be '
                    f'(H, W, 2), got {flow.shape}')
            d = flow.astype(np.float32) - 127.5
            magnitude = np.sqrt(2) * np.hypot(d[..., 0], d[..., 1])
            magnitude = np.clip(np.round(magnitude), 0, 255).astype(np.uint8)
            images.append(np.concatenate([flow, magnitude[..., None]], -1))
        results['flow_imgs'] = images
        return results
