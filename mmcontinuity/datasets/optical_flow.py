"""Optical-flow extraction with OpenCV, written in the layout of flow_io.py.

Methods: ``'tvl1'`` (Zach et al.'s TV-L1, ``cv2.optflow`` of
opencv-contrib, the usual choice for two-stream action models) and
``'farneback'`` (``cv2.calcOpticalFlowFarneback``, several times faster).
"""
import os
import os.path as osp

import cv2
import numpy as np

from .flow_io import DEFAULT_BOUND, write_flow_frame

IMAGE_EXTS = ('.jpg', '.jpeg', '.png', '.bmp')
VIDEO_EXTS = ('.mp4', '.avi', '.mkv', '.webm', '.mov')
METHODS = ('tvl1', 'farneback')


class FlowEstimator:
    """Dense flow between two grayscale uint8 frames.

    Args:
        method (str): ``'tvl1'`` or ``'farneback'``.
    """

    def __init__(self, method='tvl1'):
        if method not in METHODS:
            raise ValueError(f'unknown flow method {method!r}, expected one '
                             f'of {METHODS}')
        self.method = method
        self._tvl1 = (cv2.optflow.DualTVL1OpticalFlow_create()
                      if method == 'tvl1' else None)

    def __call__(self, prev, nxt):
        """Flow (H, W, 2) float32 in pixels such that
        ``prev(x) ~ nxt(x + flow(x))``."""
        if self._tvl1 is not None:
            return self._tvl1.calc(prev, nxt, None)
        return cv2.calcOpticalFlowFarneback(
            prev, nxt, None, pyr_scale=0.5, levels=3, winsize=15,
            iterations=3, poly_n=5, poly_sigma=1.2, flags=0)


def read_gray_frames(source):
    """Grayscale uint8 frames of a frame folder (sorted file names) or of a
    video file.

    Raises:
        FileNotFoundError: if ``source`` does not exist or holds no frame.
    """
    if osp.isdir(source):
        names = sorted(n for n in os.listdir(source)
                       if n.lower().endswith(IMAGE_EXTS))
        frames = []
        for name in names:
            img = cv2.imread(osp.join(source, name), cv2.IMREAD_GRAYSCALE)
            if img is None:
                raise ValueError(f'unreadable frame {osp.join(source, name)}')
            frames.append(img)
    elif osp.isfile(source):
        capture = cv2.VideoCapture(source)
        frames = []
        ok, frame = capture.read()
        while ok:
            frames.append(cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY))
            ok, frame = capture.read()
        capture.release()
    else:
        raise FileNotFoundError(f'no frame folder or video at {source}')
    if not frames:
        raise FileNotFoundError(f'{source} holds no readable frame')
    return frames


def video_flows(frames, method='tvl1'):
    """Flow frames of a video, one per frame: flow ``i`` (0-based) goes from
    frame ``i`` to ``i + 1`` and the last repeats the one before (a
    single-frame video gets zero flow).

    Args:
        frames (Sequence[np.ndarray]): N grayscale uint8 (H, W) frames.
        method (str): see :class:`FlowEstimator`.

    Yields:
        np.ndarray: N float32 (H, W, 2) displacements in pixels.
    """
    estimator = FlowEstimator(method)
    flow = np.zeros(frames[0].shape + (2,), np.float32)
    for prev, nxt in zip(frames[:-1], frames[1:]):
        flow = estimator(prev, nxt)
        yield flow
    yield flow


def extract_flow(source, out_dir, method='tvl1', bound=DEFAULT_BOUND):
    """Compute and write the flow of one video.

    Writes ``flow_{x,y}_%05d.jpg`` for frames 1..N of ``source`` into
    ``out_dir`` (see :func:`video_flows`).

    Returns:
        int: number of flow frames written.
    """
    frames = read_gray_frames(source)
    os.makedirs(out_dir, exist_ok=True)
    for i, flow in enumerate(video_flows(frames, method), 1):
        write_flow_frame(out_dir, i, flow, bound)
    return len(frames)


def find_videos(root):
    """Relative paths of the videos under ``root``: every folder that
    directly holds image files, and every video file, at any depth."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        rel = osp.relpath(folder, root)
        if any(f.lower().endswith(IMAGE_EXTS) for f in files):
            found.append(rel)
        found.extend(osp.normpath(osp.join(rel, f)) for f in sorted(files)
                     if f.lower().endswith(VIDEO_EXTS))
    return found
