"""Synthetic videos whose action classes are defined by motion only.

Every actor is a handwritten digit (scikit-learn) of a random colour moving
over a textured photograph (scikit-image), optionally filmed by a panning
camera. The action class says *how* the actor moves relative to the scene
(left, right, up, down, along a circle, growing), never what it looks like, so
one frame cannot tell the classes apart. Each actor performs one action during
a contiguous interval of the video and stands still before and after it
(transitional frames: visible, not acting); it may also enter late or leave
early. Several actors can be present at once.

Coordinates: pixels, x to the right, y down, pixel centres at integers. Boxes
are inclusive-pixel ``[x1, y1, x2, y2]`` (the first and last column/row covered
by the actor's mask), as in the ACT ground-truth files.
"""
from dataclasses import dataclass, field

import cv2
import numpy as np

from .assets import SPRITE_SIZE, TEXTURE_NAMES, digit_sprites, texture

#: action classes, in label order.
MOTION_CLASSES = ('move_left', 'move_right', 'move_up', 'move_down', 'circle',
                  'zoom_in')

_DIRECTIONS = {
    'move_left': (-1.0, 0.0),
    'move_right': (1.0, 0.0),
    'move_up': (0.0, -1.0),
    'move_down': (0.0, 1.0),
}

#: overrides of :class:`SceneConfig` for the fast-motion setting (large
#: displacement between consecutive frames, aligned-3D experiments).
FAST_MOTION = dict(speed=(6.0, 10.0), action_len=(4, 10))

_MAX_ZOOM = 2.2          # largest size ratio reached by 'zoom_in'
_MAX_OVERLAP = 0.2       # largest IoU between two actors on any frame
_ALPHA_THRESHOLD = 0.5   # sprite alpha above which a pixel is the actor's


@dataclass(frozen=True)
class SceneConfig:
    """Parameters of :func:`render_scene` (ranges are inclusive).

    Args:
        height, width: frame size in pixels.
        num_frames: range of the video length.
        max_actors: each video has 1..max_actors actors.
        speed: range of the actor speed during its action (pixels/frame).
        action_len: range of the number of frames with the action on.
        idle_len: range of the transitional frames before and after the
            action when the actor does not stay for the whole video.
        pan_speed: largest camera pan speed (pixels/frame); 0 disables it.
        always_visible: actors stay for the whole video (otherwise half of
            them enter shortly before and leave shortly after their action).
        actor_size: actor sprite side as a fraction of ``min(height, width)``.
        classes: the action classes (a subset of :data:`MOTION_CLASSES`).
    """
    height: int = 112
    width: int = 112
    num_frames: tuple = (32, 48)
    max_actors: int = 2
    speed: tuple = (1.5, 3.0)
    action_len: tuple = (10, 24)
    idle_len: tuple = (2, 8)
    pan_speed: float = 0.0
    always_visible: bool = False
    actor_size: float = 0.22
    classes: tuple = MOTION_CLASSES

    def __post_init__(self):
        unknown = set(self.classes) - set(MOTION_CLASSES)
        if unknown:
            raise ValueError(f'unknown motion classes {sorted(unknown)}, '
                             f'expected a subset of {MOTION_CLASSES}')
        if self.num_frames[0] < 2 or self.action_len[0] < 2:
            raise ValueError('videos and actions need at least 2 frames')


@dataclass
class Scene:
    """A rendered video and its exact ground truth (T frames, K actors).

    Attributes:
        frames: uint8 (T, H, W, 3) RGB frames.
        flows: float32 (T, H, W, 2) displacement from frame t to t + 1 in
            pixels (x, y); the last frame repeats the flow of the one before.
        masks: bool (K, T, H, W) mask of each actor (its own silhouette,
            also where another actor covers it); empty where not visible.
        boxes: float32 (K, T, 4) inclusive-pixel xyxy box of each actor's
            mask, 0 where not visible.
        visible: bool (K, T).
        action_on: bool (K, T) frames of the action interval.
        labels: int64 (K,) action class index into ``classes``.
        digits: int64 (K,) digit class (0-9) of the actor's appearance.
        colors: float32 (K, 3) RGB colour of each actor in [0, 1].
        camera: float32 (T, 2) camera offset relative to frame 0 (pixels).
        classes: tuple of action class names.
    """
    frames: np.ndarray
    flows: np.ndarray
    masks: np.ndarray
    boxes: np.ndarray
    visible: np.ndarray
    action_on: np.ndarray
    labels: np.ndarray
    digits: np.ndarray
    colors: np.ndarray
    camera: np.ndarray
    classes: tuple = field(default=MOTION_CLASSES)


@dataclass
class _Actor:
    label: int
    sprite: int
    color: np.ndarray
    centers: np.ndarray   # (T, 2) frame coordinates of the sprite centre
    sizes: np.ndarray     # (T,) sprite side in pixels
    visible: np.ndarray   # (T,) bool
    action_on: np.ndarray  # (T,) bool

    def square_boxes(self):
        half = self.sizes[:, None] / 2
        return np.concatenate([self.centers - half, self.centers + half], 1)


def _action_path(name, steps, speed, size, frame_min, rng):
    """Displacement (steps, 2) and size ratio (steps,) along an action."""
    k = np.arange(steps, dtype=np.float64)
    disp = np.zeros((steps, 2))
    ratio = np.ones(steps)
    if name in _DIRECTIONS:
        disp = np.outer(k * speed, _DIRECTIONS[name])
    elif name == 'circle':
        radius = rng.uniform(0.08, 0.16) * frame_min
        omega = min(speed / radius, np.pi / 3) * rng.choice([-1.0, 1.0])
        theta = rng.uniform(0, 2 * np.pi) + omega * k
        disp = radius * np.stack([np.cos(theta) - np.cos(theta[0]),
                                  np.sin(theta) - np.sin(theta[0])], 1)
    else:  # zoom_in: the box edges move outwards at about speed / 2
        ratio = 1.0 + k * speed / size
    return disp, ratio


def _action_steps(name, cfg, speed, size, rng):
    """Length of the action interval, short enough to stay inside the frame."""
    steps = int(rng.integers(cfg.action_len[0], cfg.action_len[1] + 1))
    if name in _DIRECTIONS:
        extent = cfg.width if _DIRECTIONS[name][0] else cfg.height
        # a large actor leaves less than 55 % of the frame to move across
        room = min(0.55 * extent, extent - size - 2)
        steps = min(steps, int(room / speed) + 1)
    elif name == 'zoom_in':
        zoom = min(_MAX_ZOOM, (min(cfg.height, cfg.width) - 2) / size)
        steps = min(steps, int((zoom - 1) * size / speed) + 1)
    return max(steps, 2)


def _sample_actor(cfg, num_frames, camera, rng):
    """One actor whose path stays inside the frame, or None if it fails."""
    label = int(rng.integers(len(cfg.classes)))
    name = cfg.classes[label]
    frame_min = min(cfg.height, cfg.width)
    size = cfg.actor_size * frame_min * rng.uniform(0.85, 1.15)
    speed = rng.uniform(*cfg.speed)
    steps = min(_action_steps(name, cfg, speed, size, rng), num_frames)
    disp, ratio = _action_path(name, steps, speed, size, frame_min, rng)

    idle_min = cfg.idle_len[0]
    lo, hi = idle_min, num_frames - steps - idle_min
    if hi < lo:
        lo, hi = 0, num_frames - steps
    t_on = int(rng.integers(lo, hi + 1))
    t = np.arange(num_frames)
    progress = np.clip(t - t_on, 0, steps - 1)
    action_on = (t >= t_on) & (t < t_on + steps)
    if cfg.always_visible or rng.random() < 0.5:
        visible = np.ones(num_frames, bool)
    else:
        pre, post = rng.integers(cfg.idle_len[0], cfg.idle_len[1] + 1, size=2)
        visible = (t >= t_on - pre) & (t < t_on + steps + post)

    # the actor moves in the scene; the camera motion adds its opposite
    offsets = disp[progress] - camera
    sizes = size * ratio[progress]
    half = sizes[visible, None] / 2 + 1.0
    frame_max = np.array([cfg.width - 1, cfg.height - 1], np.float64)
    low = np.max(half - offsets[visible], axis=0)
    high = np.min(frame_max - half - offsets[visible], axis=0)
    if np.any(high < low):
        return None
    start = rng.uniform(low, high)
    sprites, _ = digit_sprites()
    color = _actor_color(rng)
    return _Actor(label=label, sprite=int(rng.integers(len(sprites))),
                  color=color, centers=start + offsets,
                  sizes=sizes, visible=visible, action_on=action_on)


def _actor_color(rng):
    """A saturated, bright random RGB colour (3,) in [0, 1]."""
    hsv = np.uint8([[[rng.integers(180), rng.integers(180, 256),
                      rng.integers(220, 256)]]])
    color = cv2.cvtColor(hsv, cv2.COLOR_HSV2RGB)[0, 0] / 255.0
    return color.astype(np.float32)


def _max_iou(a, b, common):
    """Largest IoU of two (T, 4) box tracks over the frames in ``common``."""
    if not common.any():
        return 0.0
    a, b = a[common], b[common]
    wh = np.clip(np.minimum(a[:, 2:], b[:, 2:]) -
                 np.maximum(a[:, :2], b[:, :2]), 0, None)
    inter = wh.prod(1)
    areas = (a[:, 2:] - a[:, :2]).prod(1) + (b[:, 2:] - b[:, :2]).prod(1)
    return float((inter / (areas - inter)).max())


def _sample_actors(cfg, num_frames, camera, rng, tries=20):
    count = int(rng.integers(1, cfg.max_actors + 1))
    actors = []
    for _ in range(tries):
        if len(actors) == count:
            break
        actor = _sample_actor(cfg, num_frames, camera, rng)
        if actor is None:
            continue
        boxes = actor.square_boxes()
        if all(_max_iou(boxes, other.square_boxes(),
                        actor.visible & other.visible) <= _MAX_OVERLAP
               for other in actors):
            actors.append(actor)
    if not actors:
        raise RuntimeError('could not place an actor inside the frame; '
                           'the frame is too small for the motion settings')
    return actors


def _background(cfg, num_frames, rng):
    """Textured background frames (T, H, W, 3) and camera offsets (T, 2)."""
    tex = texture(TEXTURE_NAMES[rng.integers(len(TEXTURE_NAMES))])
    angle = rng.uniform(0, 2 * np.pi)
    velocity = rng.uniform(0, cfg.pan_speed) * np.array(
        [np.cos(angle), np.sin(angle)])
    camera = np.arange(num_frames)[:, None] * velocity
    need = np.array([cfg.width, cfg.height]) + np.abs(camera[-1]) + 2
    scale = max(rng.uniform(1.2, 2.5) * max(cfg.width, cfg.height) /
                min(tex.shape[:2]), *(need / tex.shape[1::-1]))
    tex = cv2.resize(tex, None, fx=scale, fy=scale,
                     interpolation=cv2.INTER_AREA if scale < 1
                     else cv2.INTER_LINEAR)
    # low contrast so that the saturated actors stay visible
    tex = 0.2 + 0.45 * tex
    # the crop at time t starts at origin + camera[t] and must stay inside
    low = -camera.min(0)
    high = np.array(tex.shape[1::-1]) - [cfg.width, cfg.height] - \
        camera.max(0) - 1
    origin = rng.uniform(low, high)
    frames = np.empty((num_frames, cfg.height, cfg.width, 3), np.float32)
    for t, (x, y) in enumerate(origin + camera):
        affine = np.float32([[1, 0, -x], [0, 1, -y]])
        frames[t] = cv2.warpAffine(tex, affine, (cfg.width, cfg.height),
                                   flags=cv2.INTER_LINEAR,
                                   borderMode=cv2.BORDER_REFLECT)
    return frames, camera.astype(np.float32), velocity


def _sprite_affine(center, size):
    """2x3 map from sprite pixel coordinates to frame coordinates."""
    f = size / SPRITE_SIZE
    c = (SPRITE_SIZE - 1) / 2
    return np.array([[f, 0, center[0] - f * c], [0, f, center[1] - f * c]])


def render_scene(cfg, rng):
    """Render one video.

    Args:
        cfg (SceneConfig): scene parameters.
        rng (np.random.Generator): the only source of randomness.

    Returns:
        Scene: frames, exact flow, masks, boxes and labels.
    """
    num_frames = int(rng.integers(cfg.num_frames[0], cfg.num_frames[1] + 1))
    frames, camera, velocity = _background(cfg, num_frames, rng)
    actors = _sample_actors(cfg, num_frames, camera, rng)
    sprites, sprite_digits = digit_sprites()
    h, w = cfg.height, cfg.width
    grid = np.stack(np.meshgrid(np.arange(w), np.arange(h)), -1).astype(
        np.float64)  # (H, W, 2) pixel (x, y)
    flows = np.broadcast_to(-velocity, (num_frames, h, w, 2)).astype(
        np.float32)
    masks = np.zeros((len(actors), num_frames, h, w), bool)
    for k, actor in enumerate(actors):  # later actors are drawn on top
        affines = [_sprite_affine(c, s)
                   for c, s in zip(actor.centers, actor.sizes)]
        for t in np.flatnonzero(actor.visible):
            alpha = cv2.warpAffine(sprites[actor.sprite], affines[t], (w, h),
                                   flags=cv2.INTER_LINEAR)
            masks[k, t] = alpha > _ALPHA_THRESHOLD
            frames[t] += alpha[..., None] * (actor.color - frames[t])
            if t + 1 < num_frames:
                # x_{t+1} = A_{t+1} A_t^{-1} x on the actor's pixels
                a, b = affines[t], affines[t + 1]
                moved = b[0, 0] / a[0, 0] * (grid - a[:, 2]) + b[:, 2]
                flows[t][masks[k, t]] = (moved - grid)[masks[k, t]]
    if num_frames > 1:  # the last frame repeats the flow of the previous one
        flows[-1] = flows[-2]
    boxes = np.zeros((len(actors), num_frames, 4), np.float32)
    any_x = masks.any(2)  # (K, T, W)
    any_y = masks.any(3)  # (K, T, H)
    present = any_x.any(-1)
    boxes[..., 0] = np.argmax(any_x, -1)
    boxes[..., 2] = w - 1 - np.argmax(any_x[..., ::-1], -1)
    boxes[..., 1] = np.argmax(any_y, -1)
    boxes[..., 3] = h - 1 - np.argmax(any_y[..., ::-1], -1)
    boxes[~present] = 0
    visible = np.stack([a.visible for a in actors]) & present
    return Scene(
        frames=np.round(np.clip(frames, 0, 1) * 255).astype(np.uint8),
        flows=flows,
        masks=masks,
        boxes=boxes,
        visible=visible,
        action_on=np.stack([a.action_on for a in actors]) & visible,
        labels=np.array([a.label for a in actors], np.int64),
        digits=sprite_digits[[a.sprite for a in actors]],
        colors=np.stack([a.color for a in actors]),
        camera=camera,
        classes=tuple(cfg.classes))


def add_static_digits(scene, cfg, count, rng, tries=20):
    """Paste ``count`` motionless, unannotated digits into ``scene.frames``.

    Distractors for segmentation: each looks like an actor (a random digit
    sprite of a random saturated colour, an actor's size) but stays still in
    the scene, so only motion tells the actors from them. ``masks``,
    ``boxes`` and ``flows`` are unchanged: a distractor is not annotated and
    moves with the background (its flow is the camera's). A distractor is
    placed where its sprite keeps clear of every actor and of the other
    distractors on every frame (the actors are never occluded); one that
    finds no room in ``tries`` draws is skipped.

    Args:
        scene (Scene): a rendered scene, modified in place.
        cfg (SceneConfig): the parameters it was rendered with.
        count (int): number of distractors to place.
        rng (np.random.Generator): the only source of randomness.
        tries (int): position draws per distractor.

    Returns:
        int: the number of distractors placed.
    """
    num_frames, h, w = scene.frames.shape[:3]
    sprites, _ = digit_sprites()
    occupied = scene.masks.any(0)  # (T, H, W)
    frames = scene.frames.astype(np.float32) / 255
    placed = 0
    for _ in range(count):
        size = cfg.actor_size * min(h, w) * rng.uniform(0.85, 1.15)
        sprite = sprites[rng.integers(len(sprites))]
        color = _actor_color(rng)
        # the sprite centre in frame 0 keeps the sprite inside every frame
        low = size / 2 + 1 + np.max(scene.camera, 0)
        high = np.array([w - 1, h - 1]) - size / 2 - 1 + np.min(
            scene.camera, 0)
        if np.any(high < low):
            break
        for _ in range(tries):
            start = rng.uniform(low, high)
            alphas = np.stack([
                cv2.warpAffine(sprite, _sprite_affine(start - cam, size),
                               (w, h), flags=cv2.INTER_LINEAR)
                for cam in scene.camera])
            if not (occupied & (alphas > 0)).any():
                break
        else:
            continue
        occupied |= alphas > 0
        frames += alphas[..., None] * (color - frames)
        placed += 1
    scene.frames = np.round(frames * 255).astype(np.uint8)
    return placed
