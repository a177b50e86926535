"""Flow extraction on a synthetic translation with a known displacement."""
import importlib.util
import os
import sys

import cv2
import numpy as np
import pytest

from mmcontinuity.datasets.flow_io import (dequantize_flow, quantize_flow,
                                           read_flow_frame)
from mmcontinuity.datasets.optical_flow import extract_flow, find_videos

SHIFT = (3.0, -2.0)  # (dx, dy) pixels per frame
REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


def _translating_frames(num=3, size=96):
    """Frames of a smooth random texture moving by SHIFT per frame."""
    rng = np.random.default_rng(0)
    texture = cv2.GaussianBlur(rng.uniform(0, 255, (size * 2, size * 2)),
                               (0, 0), 2.0)
    texture = cv2.normalize(texture, None, 0, 255, cv2.NORM_MINMAX)
    frames = []
    for t in range(num):
        affine = np.float32([[1, 0, SHIFT[0] * t - size / 2],
                             [0, 1, SHIFT[1] * t - size / 2]])
        frames.append(cv2.warpAffine(texture, affine, (size, size)).astype(
            np.uint8))
    return frames


def test_quantisation_roundtrip():
    flow = np.random.default_rng(0).uniform(-25, 25, (8, 8, 2))
    back = dequantize_flow(quantize_flow(flow, bound=20), bound=20)
    assert np.abs(back - np.clip(flow, -20, 20)).max() <= 20 / 255 + 1e-6


@pytest.mark.parametrize('method', ['tvl1', 'farneback'])
def test_extract_translation(tmp_path, method):
    src = tmp_path / 'frames'
    src.mkdir()
    frames = _translating_frames()
    for t, frame in enumerate(frames, 1):
        cv2.imwrite(str(src / f'img_{t:05d}.png'), frame)
    out = tmp_path / 'flow'
    assert extract_flow(str(src), str(out), method) == len(frames)
    assert len(os.listdir(out)) == 2 * len(frames)
    for t in range(1, len(frames) + 1):
        flow = dequantize_flow(read_flow_frame(str(out), t))
        mean = flow[16:-16, 16:-16].reshape(-1, 2).mean(0)
        assert np.allclose(mean, SHIFT, atol=0.5), (t, mean)


def test_video_file_and_batch_discovery(tmp_path):
    root = tmp_path / 'videos'
    (root / 'class_a' / 'v1').mkdir(parents=True)
    frames = _translating_frames(num=2, size=64)
    for t, frame in enumerate(frames, 1):
        cv2.imwrite(str(root / 'class_a' / 'v1' / f'{t:05d}.jpg'), frame)
    writer = cv2.VideoWriter(str(root / 'v2.mp4'),
                             cv2.VideoWriter_fourcc(*'mp4v'), 10, (64, 64))
    for frame in frames:
        writer.write(cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR))
    writer.release()
    assert find_videos(str(root)) == ['v2.mp4', 'class_a/v1']
    out = tmp_path / 'flow_v2'
    assert extract_flow(str(root / 'v2.mp4'), str(out), 'farneback') == 2
    assert read_flow_frame(str(out), 2).shape == (64, 64, 2)


def test_missing_source(tmp_path):
    with pytest.raises(FileNotFoundError, match='no frame folder'):
        extract_flow(str(tmp_path / 'nope'), str(tmp_path / 'out'))


def test_batch_tool_mirrors_the_tree(tmp_path, monkeypatch):
    root = tmp_path / 'videos'
    frames = _translating_frames(num=2, size=48)
    for t, frame in enumerate(frames, 1):
        folder = root / 'class_a' / 'v1'
        folder.mkdir(parents=True, exist_ok=True)
        cv2.imwrite(str(folder / f'img_{t:05d}.jpg'), frame)
    (root / 'class_b').mkdir()
    writer = cv2.VideoWriter(str(root / 'class_b' / 'v2.mp4'),
                             cv2.VideoWriter_fourcc(*'mp4v'), 10, (48, 48))
    for frame in frames:
        writer.write(cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR))
    writer.release()
    spec = importlib.util.spec_from_file_location(
        'extract_flow', os.path.join(REPO, 'tools', 'data', 'extract_flow.py'))
    tool = importlib.util.module_from_spec(spec)
    # the worker processes find the job function by module name
    monkeypatch.setitem(sys.modules, 'extract_flow', tool)
    spec.loader.exec_module(tool)
    out = tmp_path / 'flow'
    monkeypatch.setattr(sys, 'argv', [
        'extract_flow.py', str(root), str(out), '--batch', '--method',
        'farneback', '--workers', '1'])
    tool.main()
    for video in ('class_a/v1', 'class_b/v2'):
        assert sorted(os.listdir(out / video)) == [
            'flow_x_00001.jpg', 'flow_x_00002.jpg', 'flow_y_00001.jpg',
            'flow_y_00002.jpg']
