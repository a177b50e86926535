"""Write benchmark scenes in the ACT/MOC tubelet format.

Layout under ``root``::

    rawframes/<video>/img_00001.jpg ...        RGB frames
    flow/<video>/flow_x_00001.jpg, flow_y_...  exact flow, see flow_io.py
    <name>-GT.pkl                              ACT GT (+ actor_tracks)
"""
import os
import os.path as osp
import pickle

import numpy as np

from ..flow_io import write_flow_frame
from .io import write_frames


def _tubes(scene, mask):
    """``{label: [array (n, 5) of [frame, x1, y1, x2, y2]]}`` on the frames of
    a (K, T) mask."""
    tubes = {}
    for k, label in enumerate(scene.labels.tolist()):
        frames = np.flatnonzero(mask[k])
        if frames.size == 0:
            continue
        tube = np.column_stack([frames + 1, scene.boxes[k, frames]])
        tubes.setdefault(label, []).append(tube.astype(np.float32))
    return tubes


def write_act_video(scene, root, video):
    """Write the frames and flow of one scene; return its GT entries.

    Returns:
        dict: ``nframes``, ``resolution`` (h, w), ``gttubes`` (boxes on the
        frames with the action on) and ``actor_tracks`` (boxes on every frame
        where the actor is visible), in the ACT conventions (1-based frames).
    """
    write_frames(osp.join(root, 'rawframes', video), scene.frames)
    flow_dir = osp.join(root, 'flow', video)
    os.makedirs(flow_dir, exist_ok=True)
    for t, flow in enumerate(scene.flows, 1):
        write_flow_frame(flow_dir, t, flow)
    return dict(nframes=len(scene.frames),
                resolution=tuple(scene.frames.shape[1:3]),
                gttubes=_tubes(scene, scene.action_on),
                actor_tracks=_tubes(scene, scene.visible))


def dump_act_gt(path, labels, entries, train_videos, test_videos):
    """Assemble and write an ACT ground-truth pickle.

    Args:
        path (str): output ``*-GT.pkl`` file.
        labels (Sequence[str]): class names.
        entries (dict): video name -> dict returned by
            :func:`write_act_video`.
        train_videos, test_videos (list[list[str]]): one list per split.
    """
    gt = dict(labels=list(labels), train_videos=train_videos,
              test_videos=test_videos)
    for key in ('nframes', 'resolution', 'gttubes', 'actor_tracks'):
        gt[key] = {video: entry[key] for video, entry in entries.items()}
    with open(path, 'wb') as f:
        pickle.dump(gt, f)
