"""AddFlowMagnitude: flow frames as x, y, magnitude images."""
import numpy as np
import pytest
from mmaction.registry import TRANSFORMS

import mmcontinuity  # noqa: F401


def test_magnitude_by_hand():
    """d = (x, y) - 127.5; channel 3 = sqrt(2) |d|: 0 at rest, 255 with both
    components at the bound, 7 for d = (3.5, -3.5)."""
    flow = np.array([[[127.5, 127.5], [131, 124]],
                     [[255, 255], [0, 0]]]).round().astype(np.uint8)
    flow[0, 0] = 128  # 0.5 levels: sqrt(2) * 0.71 = 1
    out = TRANSFORMS.build(dict(type='AddFlowMagnitude'))(
        dict(flow_imgs=[flow, flow]))['flow_imgs']
    assert len(out) == 2 and out[0].dtype == np.uint8
    assert out[0].shape == (2, 2, 3)
    assert np.array_equal(out[0][..., :2], flow)
    assert np.array_equal(out[0][..., 2], [[1, 7], [255, 255]])


def test_flip_leaves_magnitude():
    """A flip (x -> 255 - x, mirrored) after the magnitude gives the
    magnitude of the flipped flow."""
    rng = np.random.default_rng(0)
    flow = rng.integers(0, 256, (6, 7, 2), dtype=np.uint8)
    add = TRANSFORMS.build(dict(type='AddFlowMagnitude'))
    flipped = flow[:, ::-1].copy()
    flipped[..., 0] = 255 - flipped[..., 0]
    a = add(dict(flow_imgs=[flipped]))['flow_imgs'][0][..., 2]
    b = add(dict(flow_imgs=[flow]))['flow_imgs'][0][:, ::-1, 2]
    assert np.array_equal(a, b)


def test_bad_flow_names_the_video():
    with pytest.raises(ValueError, match='video v7.*(H, W, 2)'):
        TRANSFORMS.build(dict(type='AddFlowMagnitude'))(
            dict(video_id='v7', flow_imgs=[np.zeros((4, 4, 3), np.uint8)]))
