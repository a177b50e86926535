"""Drawing of action tubes on video frames and writing of GIF/MP4 files.

Plain numpy/OpenCV/PIL functions, no model imports. A tube to draw is a
dict with

* ``id`` (int): tube identity, which picks its colour (:func:`tube_colour`);
* ``frames`` (array-like, (n,)): frame numbers where the tube has a box;
* ``boxes`` (array-like, (n, 4)): pixel xyxy boxes on those frames;
* ``text`` (str, optional): the label drawn above its box;
* ``colour`` (RGB tuple, optional): overrides the colour of its ``id``.

Frames are RGB uint8 (H, W, 3) arrays.
"""
import colorsys
import os
import os.path as osp
from typing import Dict, List, Optional, Sequence, Tuple

import cv2
import numpy as np
from PIL import Image
from tqdm import tqdm

#: output extension -> writer kind
VIDEO_FORMATS = {'.gif': 'gif', '.mp4': 'mp4'}

#: colour of ground-truth boxes (RGB)
GT_COLOUR = (255, 255, 255)

_GOLDEN = (5 ** 0.5 - 1) / 2


def tube_colour(tube_id: int) -> Tuple[int, int, int]:
    """A saturated RGB colour per tube id.

    Hues follow the golden-ratio sequence (consecutive ids are far apart on
    the hue circle and no two ids share a hue); the value alternates between
    two levels to separate ids whose hues end up close.

    Args:
        tube_id (int): non-negative tube id.

    Returns:
        tuple[int, int, int]: RGB in [0, 255].
    """
    if tube_id < 0:
        raise ValueError(f'tube ids must be >= 0, got {tube_id}')
    hue = (tube_id * _GOLDEN) % 1.0
    value = 1.0 if tube_id % 2 == 0 else 0.75
    r, g, b = colorsys.hsv_to_rgb(hue, 0.9, value)
    return int(round(r * 255)), int(round(g * 255)), int(round(b * 255))


def _boxes_by_frame(tubes: Sequence[Dict]) -> Dict[int, List[Tuple]]:
    """``{frame: [(box (4,), colour, text), ...]}`` of all tubes."""
    by_frame = {}
    for tube in tubes:
        frames = np.asarray(tube['frames'], dtype=np.int64).reshape(-1)
        boxes = np.asarray(tube['boxes'], dtype=np.float64).reshape(-1, 4)
        if frames.size != len(boxes):
            raise ValueError(f"tube {tube.get('id')}: {frames.size} frames "
                             f'but {len(boxes)} boxes')
        colour = tube_colour(int(tube['id'])) if 'colour' not in tube \
            else tuple(tube['colour'])
        for frame, box in zip(frames.tolist(), boxes):
            by_frame.setdefault(frame, []).append(
                (box, colour, tube.get('text', '')))
    return by_frame


def _draw_box(img: np.ndarray, box: np.ndarray, colour: Tuple[int, int, int],
              text: str, thickness: int, font_scale: float,
              dashed: bool) -> None:
    """Draw one box (pixel xyxy of ``img``) and its label in place."""
    x1, y1, x2, y2 = (int(round(v)) for v in box)
    if dashed:
        dash = 4 * thickness
        for x in range(x1, x2 + 1, 2 * dash):
            xe = min(x + dash, x2)
            cv2.line(img, (x, y1), (xe, y1), colour, thickness)
            cv2.line(img, (x, y2), (xe, y2), colour, thickness)
        for y in range(y1, y2 + 1, 2 * dash):
            ye = min(y + dash, y2)
            cv2.line(img, (x1, y), (x1, ye), colour, thickness)
            cv2.line(img, (x2, y), (x2, ye), colour, thickness)
    else:
        cv2.rectangle(img, (x1, y1), (x2, y2), colour, thickness)
    if not text:
        return
    font = cv2.FONT_HERSHEY_SIMPLEX
    (tw, th), base = cv2.getTextSize(text, font, font_scale, 1)
    # label on a filled strip above the box, inside the image
    top = max(y1 - th - base - thickness, 0)
    left = min(max(x1, 0), max(img.shape[1] - tw - 2, 0))
    cv2.rectangle(img, (left, top), (left + tw + 2, top + th + base),
                  colour, -1)
    ink = (0, 0, 0) if sum(colour) > 382 else (255, 255, 255)
    cv2.putText(img, text, (left + 1, top + th), font, font_scale, ink, 1,
                cv2.LINE_AA)


def draw_tubes(frames: Sequence[np.ndarray],
               tubes: Sequence[Dict],
               frame_ids: Optional[Sequence[int]] = None,
               gt_tubes: Sequence[Dict] = (),
               scale: float = 1.0,
               thickness: int = 2,
               font_scale: float = 0.45,
               progress: bool = False) -> List[np.ndarray]:
    """Draw tubes on every frame where they have a box.

    Each tube is drawn in :func:`tube_colour` of its ``id`` with its
    ``text``, in the order of ``tubes`` (later ones on top); ground-truth
    tubes are drawn first, as white dashed boxes with their ``text``.

    Args:
        frames (Sequence[np.ndarray]): N RGB uint8 (H, W, 3) frames.
        tubes (Sequence[dict]): predicted tubes (module docstring).
        frame_ids (Sequence[int], optional): (N,) frame number of each frame,
            the numbers used in the tubes' ``frames``. Defaults to 1..N.
        gt_tubes (Sequence[dict]): ground-truth tubes (``id`` not needed).
        scale (float): frames are resized by this factor before drawing
            (boxes follow), so that labels stay legible on small videos.
        thickness (int): box line width in output pixels.
        font_scale (float): OpenCV font scale of the labels.
        progress (bool): show a progress bar over the frames.

    Returns:
        list[np.ndarray]: N new RGB uint8 (round(H·scale), round(W·scale), 3)
        frames; the inputs are not modified.
    """
    if frame_ids is None:
        frame_ids = range(1, len(frames) + 1)
    frame_ids = list(frame_ids)
    if len(frame_ids) != len(frames):
        raise ValueError(f'{len(frames)} frames but {len(frame_ids)} '
                         'frame ids')
    if scale <= 0:
        raise ValueError(f'scale must be > 0, got {scale}')
    gt_by_frame = _boxes_by_frame(
        [dict(t, id=0, colour=GT_COLOUR) for t in gt_tubes])
    pred_by_frame = _boxes_by_frame(tubes)
    out = []
    for frame_id, frame in tqdm(zip(frame_ids, frames), total=len(frames),
                                desc='drawing', unit='frame',
                                disable=not progress):
        frame = np.asarray(frame)
        if frame.ndim != 3 or frame.shape[2] != 3 or frame.dtype != np.uint8:
            raise ValueError('frames must be uint8 (H, W, 3), got '
                             f'{frame.dtype} {frame.shape}')
        h, w = frame.shape[:2]
        size = (max(int(round(w * scale)), 1), max(int(round(h * scale)), 1))
        img = np.ascontiguousarray(frame) if size == (w, h) else \
            cv2.resize(frame, size, interpolation=cv2.INTER_LINEAR)
        img = img.copy()
        for dashed, by_frame in ((True, gt_by_frame), (False, pred_by_frame)):
            for box, colour, text in by_frame.get(int(frame_id), ()):
                _draw_box(img, box * scale, colour, text, thickness,
                          font_scale, dashed)
        out.append(img)
    return out


def write_video(path: str, frames: Sequence[np.ndarray],
                fps: float = 8.0) -> None:
    """Write RGB frames as an animated GIF or an MP4, by ``path``'s
    extension (:data:`VIDEO_FORMATS`).

    Args:
        path (str): output file (its folder is created).
        frames (Sequence[np.ndarray]): N >= 1 RGB uint8 (H, W, 3) frames of
            one size.
        fps (float): frames per second (a GIF gets the nearest delay in
            whole centiseconds, e.g. 120 ms at 8 fps).

    Note:
        Pillow merges identical consecutive GIF frames into one (their
        durations add up), so a still video gives fewer GIF frames.
    """
    ext = osp.splitext(path)[1].lower()
    if ext not in VIDEO_FORMATS:
        raise ValueError(f'cannot write {path}: the extension must be one of '
                         f'{sorted(VIDEO_FORMATS)}')
    if not frames:
        raise ValueError(f'no frames to write to {path}')
    if fps <= 0:
        raise ValueError(f'fps must be > 0, got {fps}')
    shapes = {np.asarray(f).shape for f in frames}
    if len(shapes) != 1:
        raise ValueError(f'frames differ in size: {sorted(shapes)}')
    folder = osp.dirname(osp.abspath(path))
    os.makedirs(folder, exist_ok=True)
    if VIDEO_FORMATS[ext] == 'gif':
        images = [Image.fromarray(np.asarray(f, dtype=np.uint8))
                  for f in frames]
        # GIF delays are whole centiseconds
        delay = max(int(round(100 / fps)), 1) * 10
        images[0].save(path, save_all=True, append_images=images[1:],
                       duration=delay, loop=0, optimize=False)
        return
    h, w = shapes.pop()[:2]
    writer = cv2.VideoWriter(path, cv2.VideoWriter_fourcc(*'mp4v'), fps,
                             (w, h))
    if not writer.isOpened():
        raise OSError(f'OpenCV cannot open an MP4 writer for {path}')
    try:
        for frame in frames:
            writer.write(cv2.cvtColor(np.asarray(frame, dtype=np.uint8),
                                      cv2.COLOR_RGB2BGR))
    finally:
        writer.release()
