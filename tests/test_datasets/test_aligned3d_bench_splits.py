"""The benchmark splits of the aligned-3D experiments: `recognition_fast`
keeps the action inside the 16-frame training clips, `davis` has static
distractors that only motion tells from the annotated actor."""
import numpy as np

from mmcontinuity.datasets.bench import SPLITS, Item, SceneConfig, render_scene
from mmcontinuity.datasets.bench.scene import add_static_digits


def test_recognition_fast_action_inside_training_clips():
    """Every 16-frame window (mmaction2's SampleFrames, clip_len 16) of 30
    videos sees at least 2 frames of the action, on average almost all of
    it (the 32-48 frame videos missed it in 40 % of the windows)."""
    split = SPLITS['recognition_fast']
    covered = []
    for i in range(30):
        rng = split.rng(Item('train', f'train_{i:04d}'), 0)
        on = render_scene(split.config, rng).action_on[0]
        assert 16 <= len(on) <= 20
        for start in range(len(on) - 15):
            inside = on[start:start + 16].sum()
            assert inside >= 2
            covered.append(inside / on.sum())
    assert np.mean(covered) > 0.9


def _davis_pair(seed=0):
    """The davis split's scene without and with its distractors."""
    split = SPLITS['davis']
    item = Item('val', 'val_0000')
    plain = render_scene(split.config, split.rng(item, seed))
    rng = split.rng(item, seed)
    scene = render_scene(split.config, rng)
    count = add_static_digits(scene, split.config, 3, rng)
    return plain, scene, count


def test_davis_distractors_static_and_unannotated():
    plain, scene, count = _davis_pair()
    assert count >= 1
    changed = (scene.frames != plain.frames).any(-1)  # (T, H, W)
    # pasted only outside the actor, the same pixels on every frame (no
    # camera motion in the davis split), and never annotated
    assert changed.any() and not (changed & scene.masks[0]).any()
    assert (changed == changed[0]).all()
    assert (scene.frames[:, changed[0]] == scene.frames[0, changed[0]]).all()
    for name in ('masks', 'boxes', 'flows', 'labels'):
        assert np.array_equal(getattr(scene, name), getattr(plain, name))


def test_distractors_follow_the_camera():
    """With a panning camera a distractor moves with the background: frame
    t's distractor pixels are frame 0's shifted by the camera offset."""
    cfg = SceneConfig(height=64, width=96, max_actors=1, pan_speed=2.0,
                      num_frames=(6, 6), always_visible=True)
    rng = np.random.default_rng(3)
    scene = render_scene(cfg, rng)
    before = scene.frames.copy()
    assert add_static_digits(scene, cfg, 1, rng) == 1
    added = (scene.frames != before).any(-1)
    centroid = [np.argwhere(a).mean(0)[::-1] for a in added]  # (x, y)
    shift = np.array(centroid) - centroid[0]
    # the actor may hide nothing (it is never occluded), so the centroid of
    # the changed pixels moves by -camera up to the pixel grid
    assert np.abs(shift + scene.camera).max() < 1.0
