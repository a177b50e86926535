"""File writers shared by the benchmark formats."""
import os
import os.path as osp

import cv2
import numpy as np
from PIL import Image


def voc_palette(num=256):
    """The PASCAL VOC colour map: (num, 3) uint8, entry i is class i's RGB
    colour (bits of i spread over the high bits of R, G and B)."""
    ids = np.arange(num)
    palette = np.zeros((num, 3), np.int64)
    for shift in range(8):
        for channel in range(3):
            bit = (ids >> (3 * shift + channel)) & 1
            palette[:, channel] |= bit << (7 - shift)
    return palette.astype(np.uint8)


def write_image(path, img, quality=95):
    """Write an RGB (H, W, 3) or grayscale (H, W) uint8 image (JPEG with
    ``quality`` for .jpg, lossless otherwise)."""
    os.makedirs(osp.dirname(path) or '.', exist_ok=True)
    params = [cv2.IMWRITE_JPEG_QUALITY, quality] if path.endswith('.jpg') \
        else []
    if img.ndim == 3:
        img = cv2.cvtColor(img, cv2.COLOR_RGB2BGR)
    if not cv2.imwrite(path, img, params):
        raise OSError(f'could not write image {path}')


def write_frames(frame_dir, frames, tmpl='img_{:05d}.jpg', start=1):
    """Write RGB uint8 frames (T, H, W, 3) as numbered files from ``start``."""
    for t, frame in enumerate(frames, start):
        write_image(osp.join(frame_dir, tmpl.format(t)), frame)


def write_palette_png(path, label_map):
    """Write a uint8 (H, W) label map as a VOC-palette PNG (pixel = index)."""
    os.makedirs(osp.dirname(path) or '.', exist_ok=True)
    img = Image.fromarray(label_map, mode='P')
    img.putpalette(voc_palette().reshape(-1).tolist())
    img.save(path)


def write_mp4(path, frames, fps=25):
    """Write RGB uint8 frames (T, H, W, 3) as an MPEG-4 Part 2 mp4 file."""
    os.makedirs(osp.dirname(path) or '.', exist_ok=True)
    h, w = frames.shape[1:3]
    writer = cv2.VideoWriter(path, cv2.VideoWriter_fourcc(*'mp4v'), fps,
                             (w, h))
    if not writer.isOpened():
        raise OSError(f'could not open a video writer for {path}')
    for frame in frames:
        writer.write(cv2.cvtColor(frame, cv2.COLOR_RGB2BGR))
    writer.release()


def write_lines(path, lines):
    os.makedirs(osp.dirname(path) or '.', exist_ok=True)
    with open(path, 'w') as f:
        f.writelines(f'{line}\n' for line in lines)
