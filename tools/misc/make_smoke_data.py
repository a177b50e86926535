"""Write the tiny datasets used by ``tests/data/configs/`` (one per library).

Each is in the standard on-disk format its library reads, so the smoke
configs exercise the real loaders:

* ``classification/``  ImageNet-style class folders (mmpretrain CustomDataset)
* ``segmentation/``    ``img_dir/{train,val}`` + ``ann_dir`` PNG label maps
  (mmseg BaseSegDataset)
* ``detection/``       COCO json + images (mmdet CocoDataset)
* ``recognition/``     raw-frame folders + list files (mmaction2
  RawframeDataset)

The images are coloured squares on noise: the class decides the colour, the
square is the object / mask. Deterministic for a seed; a few seconds to write.

    python tools/misc/make_smoke_data.py --out data/smoke
"""
import argparse
import json
import os
import os.path as osp

import cv2
import numpy as np

COLOURS = np.array([[220, 40, 40], [40, 200, 40], [40, 60, 220]], np.uint8)


def square_image(rng: np.random.Generator, label: int, size: int):
    """A noisy image with one square of the class colour.

    Returns:
        tuple: BGR image (size, size, 3) uint8 and the square as
        ``(x1, y1, x2, y2)`` (exclusive end).
    """
    img = rng.integers(0, 80, (size, size, 3), dtype=np.uint8)
    side = int(rng.integers(size // 4, size // 2))
    x1, y1 = rng.integers(0, size - side, 2)
    img[y1:y1 + side, x1:x1 + side] = COLOURS[label][::-1]
    return img, (int(x1), int(y1), int(x1 + side), int(y1 + side))


def write_classification(root, rng, n, size):
    for split in ('train', 'val'):
        for i in range(n):
            label = i % len(COLOURS)
            folder = osp.join(root, split, f'class{label}')
            os.makedirs(folder, exist_ok=True)
            img, _ = square_image(rng, label, size)
            cv2.imwrite(osp.join(folder, f'{i:03d}.png'), img)


def write_segmentation(root, rng, n, size):
    for split in ('train', 'val'):
        os.makedirs(osp.join(root, 'img_dir', split), exist_ok=True)
        os.makedirs(osp.join(root, 'ann_dir', split), exist_ok=True)
        for i in range(n):
            label = i % len(COLOURS)
            img, (x1, y1, x2, y2) = square_image(rng, label, size)
            mask = np.zeros((size, size), np.uint8)
            mask[y1:y2, x1:x2] = label + 1  # 0 is background
            cv2.imwrite(osp.join(root, 'img_dir', split, f'{i:03d}.png'), img)
            cv2.imwrite(osp.join(root, 'ann_dir', split, f'{i:03d}.png'), mask)


def write_detection(root, rng, n, size):
    os.makedirs(osp.join(root, 'images'), exist_ok=True)
    for split in ('train', 'val'):
        images, annotations = [], []
        for i in range(n):
            label = i % len(COLOURS)
            img, (x1, y1, x2, y2) = square_image(rng, label, size)
            name = f'{split}_{i:03d}.png'
            cv2.imwrite(osp.join(root, 'images', name), img)
            images.append(dict(id=i, file_name=name, height=size, width=size))
            annotations.append(
                dict(id=i, image_id=i, category_id=label + 1, iscrowd=0,
                     bbox=[x1, y1, x2 - x1, y2 - y1],
                     area=(x2 - x1) * (y2 - y1)))
        categories = [dict(id=c + 1, name=f'class{c}')
                      for c in range(len(COLOURS))]
        with open(osp.join(root, f'{split}.json'), 'w') as f:
            json.dump(dict(images=images, annotations=annotations,
                           categories=categories), f)


def write_recognition(root, rng, n, size, frames=8):
    """Clips where a square moves right (class 0), down (1) or stays (2)."""
    for split in ('train', 'val'):
        lines = []
        for i in range(n):
            label = i % len(COLOURS)
            name = f'{split}_{i:03d}'
            folder = osp.join(root, 'rawframes', name)
            os.makedirs(folder, exist_ok=True)
            step = np.array([[2, 0], [0, 2], [0, 0]])[label]
            x, y = rng.integers(0, size // 2, 2)
            for t in range(frames):
                img = rng.integers(0, 80, (size, size, 3), dtype=np.uint8)
                px, py = np.array([x, y]) + t * step
                img[py:py + size // 4, px:px + size // 4] = 200
                cv2.imwrite(osp.join(folder, f'img_{t + 1:05d}.jpg'), img)
            lines.append(f'{name} {frames} {label}')
        with open(osp.join(root, f'{split}_list.txt'), 'w') as f:
            f.write('\n'.join(lines) + '\n')


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--out', default='data/smoke')
    parser.add_argument('--num', type=int, default=6,
                        help='samples per split')
    parser.add_argument('--size', type=int, default=64)
    parser.add_argument('--seed', type=int, default=0)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    for name, write in (('classification', write_classification),
                        ('segmentation', write_segmentation),
                        ('detection', write_detection),
                        ('recognition', write_recognition)):
        write(osp.join(args.out, name), rng, args.num, args.size)
        print(f'wrote {osp.join(args.out, name)}')


if __name__ == '__main__':
    main()
