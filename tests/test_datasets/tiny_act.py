"""Tiny ACT-format datasets (frames, flow, GT pickle) for the tests."""
import os
import pickle

import cv2
import numpy as np

from mmcontinuity.datasets.flow_io import write_flow_frame

H, W = 32, 48


def frame_value(t):
    """Gray level of RGB frame t (1-based): identifies the frame after
    loading."""
    return 8 * t


def write_frame_folder(folder, num, tmpl='img_{:05d}.jpg'):
    os.makedirs(folder, exist_ok=True)
    for t in range(1, num + 1):
        cv2.imwrite(os.path.join(folder, tmpl.format(t)),
                    np.full((H, W, 3), frame_value(t), np.uint8))


def write_flow_folder(folder, num):
    """Flow frame t: x displacement +1 px on the left half, -1 px on the
    right half; y displacement t / 4 px."""
    os.makedirs(folder, exist_ok=True)
    for t in range(1, num + 1):
        flow = np.zeros((H, W, 2), np.float32)
        flow[:, :W // 2, 0] = 1.0
        flow[:, W // 2:, 0] = -1.0
        flow[..., 1] = t / 4
        write_flow_frame(folder, t, flow)


def tube(frames, box):
    """(n, 5) ACT tube: the same box, shifted right by 1 px per frame."""
    frames = np.asarray(frames, np.float32)
    boxes = np.tile(np.asarray(box, np.float32), (len(frames), 1))
    boxes[:, 0::2] += frames[:, None] - frames[0]
    return np.column_stack([frames, boxes])


def act_gt(with_tracks=True):
    """Two videos, 3 splits; v1 has two actors of different classes."""
    gt = dict(
        labels=['wave', 'jump'],
        nframes=dict(v1=12, v2=10),
        resolution=dict(v1=(H, W), v2=(H, W)),
        gttubes=dict(
            v1={0: [tube(range(3, 9), [2, 4, 12, 20])],
                1: [tube(range(5, 13), [20, 2, 30, 30])]},
            v2={1: [tube(range(2, 6), [10, 10, 20, 20])]}),
        train_videos=[['v1', 'v2'], ['v1'], ['v2']],
        test_videos=[['v1', 'v2'], ['v2'], ['v1']])
    if with_tracks:  # v1's actor 0 is visible before and after its action
        gt['actor_tracks'] = dict(
            v1={0: [tube(range(1, 11), [0, 4, 10, 20])],
                1: [tube(range(5, 13), [20, 2, 30, 30])]},
            v2={1: [tube(range(2, 6), [10, 10, 20, 20])]})
    return gt


def write_act(root, gt):
    for video, num in gt['nframes'].items():
        write_frame_folder(os.path.join(root, 'rawframes', video), num)
        write_flow_folder(os.path.join(root, 'flow', video), num)
    path = os.path.join(root, 'Tiny-GT.pkl')
    with open(path, 'wb') as f:
        pickle.dump(gt, f)
    return path
