"""StackFlow: flow frames as channels 4-5 of the RGB frames, so that
mmaction2's geometric transforms move RGB and flow together."""
import numpy as np
import pytest
from mmaction.registry import TRANSFORMS
from mmcv.transforms import Compose
from mmengine.registry import DefaultScope

import mmcontinuity.datasets  # noqa: F401  (registers the transforms)

H, W, T = 6, 8, 2


@pytest.fixture(autouse=True)
def mmaction_scope():
    with DefaultScope.overwrite_default_scope('mmaction'):
        yield


def _results():
    """RGB frame t holds 10 t + channel in every pixel; its flow holds
    x in channel 0 and 100 + y in channel 1."""
    imgs = [np.broadcast_to(np.arange(3, dtype=np.uint8) + 10 * t,
                            (H, W, 3)).copy() for t in range(T)]
    ys, xs = np.mgrid[:H, :W].astype(np.uint8)
    flows = [np.stack([xs, 100 + ys], -1) for _ in range(T)]
    return dict(frame_dir='v', imgs=imgs, flow_imgs=flows)


def test_stacks_flow_after_rgb():
    out = TRANSFORMS.build(dict(type='StackFlow'))(_results())
    assert 'flow_imgs' not in out
    assert len(out['imgs']) == T
    for t, img in enumerate(out['imgs']):
        assert img.shape == (H, W, 5) and img.dtype == np.uint8
        np.testing.assert_array_equal(img[2, 3], [10 * t, 10 * t + 1,
                                                  10 * t + 2, 3, 102])


@pytest.mark.parametrize('seed', range(3))
def test_crop_and_format_move_rgb_and_flow_together(seed):
    """mmaction2's RandomCrop and FormatShape after StackFlow: the crop
    window of the RGB channels is the flow's, the clip is (1, 5, T, h, w)."""
    np.random.seed(seed)
    pipeline = Compose([
        dict(type='StackFlow'),
        dict(type='RandomCrop', size=4),
        dict(type='FormatShape', input_format='NCTHW'),
    ])
    results = _results()
    results.update(img_shape=(H, W), modality='RGB', num_clips=1,
                   clip_len=T)
    out = pipeline(results)
    clip = out['imgs']
    assert clip.shape == (1, 5, T, 4, 4)
    x0, y0 = out['crop_bbox'][:2]
    ys, xs = np.mgrid[y0:y0 + 4, x0:x0 + 4]
    for t in range(T):  # the flow channels tell the pixel's position
        np.testing.assert_array_equal(clip[0, 3, t], xs)
        np.testing.assert_array_equal(clip[0, 4, t], 100 + ys)
        np.testing.assert_array_equal(clip[0, :3, t, 1, 2],
                                      10 * t + np.arange(3))


def test_mismatched_frames_name_the_video():
    results = _results()
    results['flow_imgs'] = results['flow_imgs'][:1]
    with pytest.raises(ValueError, match='video v: 2 RGB frames'):
        TRANSFORMS.build(dict(type='StackFlow'))(results)
