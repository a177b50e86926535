"""Geometric tubelet transforms with flow frames, and temporal sampling."""
import numpy as np
import pytest
from mmaction.registry import TRANSFORMS
from mmengine.registry import DefaultScope

import mmcontinuity.datasets  # noqa: F401  (registers the transforms)

H, W, T = 40, 60, 3


@pytest.fixture(autouse=True)
def mmaction_scope():
    with DefaultScope.overwrite_default_scope('mmaction'):
        yield


def _results(with_flow=True):
    """A clip whose pixel (y, x) holds x in channel 0 (RGB) and whose flow is
    +2 px in x everywhere; actor 0 is on every frame, actor 1 on the last
    two, at the right border."""
    xs = np.broadcast_to(np.arange(W, dtype=np.uint8), (H, W))
    img = np.stack([xs, np.full((H, W), 50, np.uint8),
                    np.full((H, W), 90, np.uint8)], -1)
    boxes = np.zeros((2, T, 4), np.float32)
    boxes[0] = [5, 6, 15, 20]
    boxes[1, 1:] = [50, 10, 59, 30]
    valid = np.array([[1, 1, 1], [0, 1, 1]], bool)
    results = dict(video_id='v', modality='RGB', imgs=[img.copy()
                                                       for _ in range(T)],
                   img_shape=(H, W), ori_shape=(H, W), gt_bboxes=boxes,
                   gt_valid=valid, gt_action_on=valid.copy(),
                   gt_labels=np.array([0, 1]), frame_inds=np.arange(1, T + 1))
    if with_flow:
        flow = np.stack([np.full((H, W), 140, np.uint8),
                         np.full((H, W), 128, np.uint8)], -1)
        flow[:, :W // 2, 1] = 100  # y differs on the left half
        results['flow_imgs'] = [flow.copy() for _ in range(T)]
    return results


@pytest.mark.parametrize('name, cfg', [
    ('Resize', dict(scale=(30, 20), keep_ratio=False)),
    ('RandomCrop', dict(size=20)),
    ('Flip', dict(flip_ratio=1.0)),
])
def test_mmaction_box_ops_accept_tubelet_boxes(name, cfg):
    """The premise of the subclasses: mmaction2 moves (K, T, 4) boxes."""
    out = TRANSFORMS.build(dict(type=name, **cfg))(_results(False))
    assert out['gt_bboxes'].shape == (2, T, 4)


def test_resize_scales_boxes_and_flow():
    out = TRANSFORMS.build(dict(type='TubeletResize', scale=(30, 20),
                                keep_ratio=False))(_results())
    assert out['img_shape'] == (20, 30)
    assert out['gt_bboxes'][0, 0].tolist() == [2.5, 3, 7.5, 10]
    assert all(f.shape == (20, 30, 2) for f in out['flow_imgs'])
    assert np.allclose(out['scale_factor'], [0.5, 0.5])


def test_random_rescale_resizes_flow():
    out = TRANSFORMS.build(dict(type='TubeletRandomRescale',
                                scale_range=(20, 24)))(_results())
    h, w = out['img_shape']
    assert 20 <= h <= 24 and out['imgs'][0].shape[:2] == (h, w)
    assert out['flow_imgs'][0].shape[:2] == (h, w)


def test_crop_moves_boxes_crops_flow_and_drops_lost_actors():
    crop = TRANSFORMS.build(dict(type='TubeletCenterCrop', crop_size=(30, 40)))
    out = crop(_results())
    x1, y1 = out['crop_bbox'][:2]
    assert (x1, y1) == (15, 0)
    # actor 1 (x >= 50) lies outside the window x in [15, 45): dropped
    assert out['gt_labels'].tolist() == [0]
    assert out['gt_bboxes'].shape == (1, T, 4)
    assert out['gt_bboxes'][0, 0].tolist() == [0, 6, 0, 20]
    assert out['imgs'][0][0, 0, 0] == 15
    assert all(f.shape == (40, 30, 2) for f in out['flow_imgs'])
    assert out['flow_imgs'][0][0, 0, 1] == 100  # left half of the original

    random_crop = TRANSFORMS.build(dict(type='TubeletRandomCrop', size=20))
    out = random_crop(_results())
    shapes = {out['imgs'][0].shape[:2], out['flow_imgs'][0].shape[:2]}
    assert shapes == {(20, 20)}
    assert out['gt_bboxes'].shape[1:] == (T, 4)


def test_flip_mirrors_boxes_and_negates_flow_x():
    out = TRANSFORMS.build(dict(type='TubeletFlip', flip_ratio=1.0))(
        _results())
    assert out['flip'] is True
    assert out['gt_bboxes'][0, 0].tolist() == [W - 1 - 15, 6, W - 1 - 5, 20]
    assert out['gt_bboxes'][1, 0].tolist() == [0, 0, 0, 0]  # not valid
    assert out['imgs'][0][0, 0, 0] == W - 1
    flow = out['flow_imgs'][0]
    assert flow[0, 0, 0] == 255 - 140 and flow[0, -1, 1] == 100
    assert out['gt_valid'].tolist() == [[1, 1, 1], [0, 1, 1]]
    with pytest.raises(ValueError, match='horizontal'):
        TRANSFORMS.build(dict(type='TubeletFlip', direction='vertical'))


def test_photometric_ops_leave_flow_alone():
    results = _results()
    flow = [f.copy() for f in results['flow_imgs']]
    # hue=0: mmaction2's adjust_hue overflows uint8 under numpy 2
    out = TRANSFORMS.build(dict(type='ColorJitter', brightness=0.5,
                                contrast=0.5, saturation=0.5,
                                hue=0))(results)
    assert not np.array_equal(out['imgs'][0], _results()['imgs'][0])
    assert all(np.array_equal(a, b) for a, b in zip(flow, out['flow_imgs']))


def test_segment_random_sample_covers_the_video():
    sample = TRANSFORMS.build(dict(type='SegmentRandomSample',
                                   num_segments=4))
    for _ in range(20):
        out = sample(dict(total_frames=40, start_index=1))
        seg = (out['frame_inds'] - 1) // 10
        assert seg.tolist() == [0, 1, 2, 3]
    assert out['clip_len'] == 4 and out['num_clips'] == 1
    test = TRANSFORMS.build(dict(type='SegmentRandomSample', num_segments=4,
                                 test_mode=True))
    assert test(dict(total_frames=40, start_index=0))['frame_inds'].tolist() \
        == [5, 15, 25, 35]
    assert test(dict(total_frames=2, start_index=0))['frame_inds'].tolist() \
        == [0, 0, 1, 1]


def test_length_rate_sample():
    sample = TRANSFORMS.build(dict(type='LengthRateSample', length=16, rate=2,
                                   test_mode=True))
    out = sample(dict(total_frames=100, start_index=0))
    inds = out['frame_inds']
    assert len(inds) == 16 and np.all(np.diff(inds) == 2)
    assert abs((inds[0] + inds[-1]) / 2 - 49.5) <= 1.5
    assert '16x2' in repr(sample)
