"""Write benchmark items in the real formats of the other datasets.

Each writer stores one item under ``root`` and returns the entry its split
needs for its annotation files.
"""
import os.path as osp

import numpy as np

from ..ava_dataset import ava_key_frame_index
from ..flow_io import write_flow_frame
from .io import write_frames, write_image, write_mp4, write_palette_png

#: AVA-style split: frame rate, and the label of visible actors that do not
#: perform their action at a key frame (AVA annotates every visible person).
AVA_FPS = 8
AVA_IDLE_CLASS = 'stand_still'


def write_recognition_video(scene, root, name, fps=25):
    """One-actor scene as ``videos/<class>/<name>.mp4``.

    Returns:
        tuple[str, int]: path relative to ``root/videos`` and class index,
        a line of mmaction2's VideoDataset list file.
    """
    label = int(scene.labels[0])
    rel = osp.join(scene.classes[label], f'{name}.mp4')
    write_mp4(osp.join(root, 'videos', rel), scene.frames, fps)
    return rel, label


def write_recognition_frames(scene, root, name):
    """One-actor scene as ``rawframes/<name>/``: its RGB frames and exact
    flow in one folder, mmaction2's rawframes layout (``img_00001.jpg``,
    ``flow_x_00001.jpg``, ``flow_y_00001.jpg``; flow frame ``t`` is the
    displacement from frame ``t`` to ``t + 1``, see ``flow_io``).

    Returns:
        int: number of frames, for mmaction2's RawframeDataset list file.
    """
    frame_dir = osp.join(root, 'rawframes', name)
    write_frames(frame_dir, scene.frames)
    for t, flow in enumerate(scene.flows, 1):
        write_flow_frame(frame_dir, t, flow)
    return len(scene.frames)


def write_davis_sequence(scene, root, name):
    """One-actor scene in the DAVIS-2016 layout.

    Frames ``JPEGImages/480p/<name>/00000.jpg`` (0-based) and binary masks
    ``Annotations/480p/<name>/00000.png`` (0 background, 255 the actor).

    Returns:
        list[str]: the image-set lines of the sequence, one per frame.
    """
    write_frames(osp.join(root, 'JPEGImages', '480p', name), scene.frames,
                 tmpl='{:05d}.jpg', start=0)
    masks = scene.masks.any(0).astype(np.uint8) * 255
    lines = []
    for t, mask in enumerate(masks):
        write_image(osp.join(root, 'Annotations', '480p', name,
                             f'{t:05d}.png'), mask)
        lines.append(f'/JPEGImages/480p/{name}/{t:05d}.jpg '
                     f'/Annotations/480p/{name}/{t:05d}.png')
    return lines


def write_voc_image(image, class_map, root, name):
    """``JPEGImages/<name>.jpg`` and palette ``SegmentationClass/<name>.png``
    as in PASCAL VOC; returns ``name`` (an image-set line)."""
    write_image(osp.join(root, 'JPEGImages', f'{name}.jpg'), image)
    write_palette_png(osp.join(root, 'SegmentationClass', f'{name}.png'),
                      class_map)
    return name


def write_classification_image(image, label, class_name, root, subset, name):
    """``<subset>/<class_name>/<name>.png``; returns the line of an
    mmpretrain ``CustomDataset`` annotation file (path relative to
    ``root/<subset>`` and class index)."""
    rel = osp.join(class_name, f'{name}.png')
    write_image(osp.join(root, subset, rel), image)
    return f'{rel} {label}'


def write_ava_video(scene, root, name, fps=AVA_FPS):
    """A scene as an AVA movie: frames ``rawframes/<name>/img_%05d.jpg`` and
    the CSV rows of its 1 Hz key frames.

    Timestamps count seconds from 0 (``timestamp_start=0``); key frame
    ``ts`` is the frame mmaction2 loads for it (:func:`ava_key_frame_index`
    with ``start_index=1``). Every visible actor gets a row
    ``name,ts,x1,y1,x2,y2,action_id,entity_id`` with the box normalised
    (inclusive-pixel box -> [x1 / W, y1 / H, (x2 + 1) / W, (y2 + 1) / H]),
    ``action_id`` = 1 + its class while its action is on and
    ``len(classes) + 1`` (:data:`AVA_IDLE_CLASS`) otherwise, and its actor
    index as entity id.

    Returns:
        tuple[list[str], list[str]]: CSV rows, and the ``name,ts`` rows of
        key frames without any visible actor (the exclusion file).
    """
    write_frames(osp.join(root, 'rawframes', name), scene.frames)
    h, w = scene.frames.shape[1:3]
    scale = np.array([w, h, w, h], np.float64)
    rows, excluded = [], []
    ts = 1
    while ava_key_frame_index(ts, fps, 0, 1) <= len(scene.frames):
        t = ava_key_frame_index(ts, fps, 0, 1) - 1  # 0-based scene frame
        actors = np.flatnonzero(scene.visible[:, t])
        if actors.size == 0:
            excluded.append(f'{name},{ts:04d}')
        for k in actors:
            box = (scene.boxes[k, t] + [0, 0, 1, 1]) / scale
            action = (scene.labels[k] + 1 if scene.action_on[k, t] else
                      len(scene.classes) + 1)
            coords = ','.join(f'{v:.4f}' for v in box)
            rows.append(f'{name},{ts:04d},{coords},{action},{k}')
        ts += 1
    return rows, excluded


def ava_label_map(classes):
    """AVA ``.pbtxt`` label map lines: ``classes`` then the idle class."""
    lines = []
    for i, name in enumerate(tuple(classes) + (AVA_IDLE_CLASS, ), 1):
        lines += ['label {', f'  name: "{name}"', f'  label_id: {i}',
                  '  label_type: PERSON_MOVEMENT', '}']
    return lines
