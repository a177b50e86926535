"""Write benchmark items in the real formats of the other datasets.

Each writer stores one item under ``root`` and returns the entry its split
needs for its annotation files.
"""
import os.path as osp

import numpy as np

from .io import write_frames, write_image, write_mp4, write_palette_png


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
