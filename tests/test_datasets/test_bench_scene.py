"""Invariants of the benchmark scenes: boxes, masks, labels vs motion, flow."""
import numpy as np
import pytest

from mmcontinuity.datasets.bench import (FAST_MOTION, MOTION_CLASSES, SPLITS,
                                         SceneConfig, render_scene)

CONFIGS = {
    'default': SceneConfig(num_frames=(24, 32)),
    'pan': SceneConfig(num_frames=(24, 32), pan_speed=1.5),
    'fast': SceneConfig(num_frames=(24, 32), **FAST_MOTION),
    'large': SPLITS['recognition_large'].config,
}


def _scenes(cfg, n=6):
    return [render_scene(cfg, np.random.default_rng(s)) for s in range(n)]


@pytest.fixture(scope='module', params=list(CONFIGS))
def scenes(request):
    return CONFIGS[request.param], _scenes(CONFIGS[request.param])


def test_shapes_and_boxes_inside(scenes):
    cfg, items = scenes
    for s in items:
        t = len(s.frames)
        k = len(s.labels)
        assert s.frames.shape == (t, cfg.height, cfg.width, 3)
        assert s.flows.shape == (t, cfg.height, cfg.width, 2)
        assert s.boxes.shape == (k, t, 4) and s.masks.shape[:2] == (k, t)
        b = s.boxes[s.visible]
        assert (b[:, :2] >= 0).all() and (b[:, 2] <= cfg.width - 1).all()
        assert (b[:, 3] <= cfg.height - 1).all()
        assert (b[:, 2:] > b[:, :2]).all()
        assert (s.boxes[~s.visible] == 0).all()
        assert not (s.action_on & ~s.visible).any()
        assert 1 <= k <= cfg.max_actors


def test_masks_match_boxes(scenes):
    _, items = scenes
    for s in items:
        for k, t in zip(*np.nonzero(s.visible)):
            ys, xs = np.nonzero(s.masks[k, t])
            assert s.boxes[k, t].tolist() == [xs.min(), ys.min(), xs.max(),
                                              ys.max()]
        assert not s.masks[~s.visible].any()


def _world_centres(s, k):
    """Box centres (T, 2) in scene coordinates (camera motion removed)."""
    return (s.boxes[k, :, :2] + s.boxes[k, :, 2:]) / 2 + s.camera


def test_labels_follow_motion(scenes):
    _, items = scenes
    directions = {'move_left': (-1, 0), 'move_right': (1, 0),
                  'move_up': (0, -1), 'move_down': (0, 1)}
    for s in items:
        for k, label in enumerate(s.labels):
            name = MOTION_CLASSES[label]
            on = np.flatnonzero(s.action_on[k])
            centres = _world_centres(s, k)
            first, last = on[0], on[-1]
            # still (up to the box quantisation) outside the action
            idle = s.visible[k].copy()
            idle[first:last + 1] = False
            before, after = idle[:first], idle[last + 1:]
            for frames, anchor in ((np.flatnonzero(before), first),
                                   (last + 1 + np.flatnonzero(after), last)):
                if frames.size:
                    drift = np.abs(centres[frames] - centres[anchor])
                    assert drift.max() <= 1.5
            move = centres[last] - centres[first]
            width = s.boxes[k, :, 2] - s.boxes[k, :, 0]
            if name in directions:
                along = move @ np.array(directions[name])
                assert along > 0.8 * np.abs(move).sum() and along >= 2
            elif name == 'zoom_in':
                assert width[last] > width[first] + 2
                assert np.abs(move).max() <= 2
            else:  # circle: the path bends away from the chord
                path = centres[first:last + 1] - centres[first]
                assert np.abs(path).max() >= 2


def test_flow_matches_actor_motion(scenes):
    """Summed over the action, the actor's mean flow moves its mask centroid
    from the first to the last frame of the action (frame coordinates)."""
    _, items = scenes
    for s in items:
        for k in range(len(s.labels)):
            on = np.flatnonzero(s.action_on[k])
            if (s.masks[k, on] & s.masks[k + 1:, on].any(0)).any():
                continue  # partly covered by an actor drawn later
            total = np.zeros(2)
            for t in on[:-1]:
                total += s.flows[t][s.masks[k, t]].mean(0)
            centroid = [np.argwhere(s.masks[k, t])[:, ::-1].mean(0)
                        for t in (on[0], on[-1])]
            assert np.allclose(total, centroid[1] - centroid[0], atol=1.0)
        # the background moves against the camera
        background = ~s.masks.any(0)
        pan = np.diff(s.camera, axis=0)
        residual = s.flows[:-1] + pan[:, None, None]
        assert np.abs(residual[background[:-1]]).max() < 1e-5


def test_deterministic():
    cfg = CONFIGS['pan']
    a = render_scene(cfg, np.random.default_rng(7))
    b = render_scene(cfg, np.random.default_rng(7))
    assert np.array_equal(a.frames, b.frames)
    assert np.array_equal(a.boxes, b.boxes)


def test_fast_motion_is_fast():
    moves = []
    for s in _scenes(CONFIGS['fast']):
        for k, label in enumerate(s.labels):
            if MOTION_CLASSES[label].startswith('move_'):
                on = np.flatnonzero(s.action_on[k])
                c = _world_centres(s, k)[on]
                moves.append(np.abs(np.diff(c, axis=0)).max())
    assert moves and np.median(moves) >= 5


def test_large_actors_keep_the_classes_balanced():
    """`recognition_large`, an actor of 55 % of the frame's side: the paths
    are shortened to fit the frame rather than redrawn (a redraw also
    redraws the class: the circle, which needs the least room, took 2.1x
    its share), and the actor covers several times more of the frame."""
    large = _scenes(CONFIGS['large'], n=120)
    counts = np.bincount([s.labels[0] for s in large],
                         minlength=len(MOTION_CLASSES))
    assert counts.max() <= 1.5 * len(large) / len(MOTION_CLASSES), counts
    assert min(s.action_on[0].sum() for s in large) >= 8
    default = _scenes(SPLITS['recognition'].config, n=40)
    cover = [np.mean([s.masks[0][s.visible[0]].mean() for s in scenes])
             for scenes in (large[:40], default)]
    assert cover[0] > 3 * cover[1]
