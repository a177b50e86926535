"""Write a contact sheet (PNG) of dataset samples with their ground truth.

Builds the dataset of a config (``train_dataloader`` by default) with its
full pipeline and draws, for each of the first samples, its frames (one row
per sample, up to ``--frames`` columns) with the boxes of ``gt_instances``
(tubelet boxes (K, T, 4) per frame, dashed where the action is off, labels
as class names), the object masks ``gt_masks`` or segmentation map
``gt_sem_seg`` as a colour overlay, and the clip label ``gt_label``.

Example::

    python tools/data/browse_dataset.py configs/tuber/<config>.py \\
        --out work_dirs/browse.png --num 6 --frames 8
"""
import argparse

import cv2
import numpy as np
import torch
from mmengine.config import Config
from mmengine.registry import DATASETS, init_default_scope

import mmcontinuity  # noqa: F401  (registers datasets and transforms)
from mmcontinuity.datasets.bench.io import voc_palette

_PALETTE = voc_palette()[1:].astype(np.int64)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config')
    parser.add_argument('--out', default='browse_dataset.png')
    parser.add_argument('--split', default='train',
                        choices=['train', 'val', 'test'])
    parser.add_argument('--num', type=int, default=6, help='samples (rows)')
    parser.add_argument('--frames', type=int, default=8,
                        help='largest number of frames drawn per sample')
    parser.add_argument('--size', type=int, default=160,
                        help='height of a drawn frame in pixels')
    parser.add_argument('--channel-order', default='auto',
                        choices=['auto', 'rgb', 'bgr'],
                        help='channel order of the packed inputs; auto: RGB '
                        'for mmaction2 (its loaders decode RGB), BGR for the '
                        'other libraries (mmcv loading)')
    return parser.parse_args()


def _frames(inputs, bgr):
    """(T, H, W, 3) uint8 RGB frames of a packed input (C, [T,] H, W)."""
    x = inputs.float()
    if x.dim() == 3:
        x = x[:, None]
    if x.shape[0] == 1:  # L channel of the colorization inputs
        x = x.expand(3, -1, -1, -1) * 2.55
    x = x[:3].permute(1, 2, 3, 0).clamp(0, 255).byte().numpy()
    return x[..., ::-1] if bgr else x


def _overlay(frame, label_map):
    """Blend a (H, W) label map (0 = background) onto a frame."""
    if label_map.shape != frame.shape[:2]:
        label_map = cv2.resize(label_map.astype(np.uint8),
                               frame.shape[1::-1],
                               interpolation=cv2.INTER_NEAREST)
    fg = (label_map > 0) & (label_map < 255)
    colours = _PALETTE[(label_map.astype(np.int64) - 1) % len(_PALETTE)]
    out = frame.astype(np.int64)
    out[fg] = (out[fg] + colours[fg]) // 2
    return out.astype(np.uint8)


def _dashed_rectangle(img, box, colour, dash=4):
    x1, y1, x2, y2 = box
    for x in range(x1, x2, 2 * dash):
        for y in (y1, y2):
            cv2.line(img, (x, y), (min(x + dash, x2), y), colour, 1)
    for y in range(y1, y2, 2 * dash):
        for x in (x1, x2):
            cv2.line(img, (x, y), (x, min(y + dash, y2)), colour, 1)


def draw_sample(packed, classes, num_frames, height, bgr):
    """A row of drawn frames (h, W, 3) uint8 RGB for one packed sample."""
    frames = _frames(packed['inputs'], bgr)
    sample = packed['data_samples']
    picks = np.linspace(0, len(frames) - 1, min(num_frames, len(frames)))
    picks = np.round(picks).astype(int)
    scale = height / frames.shape[1]
    tiles = []
    for t in picks:
        tile = frames[t]
        if 'gt_masks' in sample:
            tile = _overlay(tile, sample.gt_masks[t].numpy())
        if 'gt_sem_seg' in sample:
            tile = _overlay(tile, sample.gt_sem_seg.data[0].numpy())
        tile = np.ascontiguousarray(cv2.resize(
            tile, None, fx=scale, fy=scale, interpolation=cv2.INTER_NEAREST))
        if 'gt_instances' in sample:
            gt = sample.gt_instances
            boxes = gt.bboxes if gt.bboxes.dim() == 3 else gt.bboxes[:, None]
            col = min(t, boxes.shape[1] - 1)
            for k in range(len(boxes)):
                valid = gt.valid[k, col] if 'valid' in gt else True
                if not valid:
                    continue
                box = tuple(int(round(v * scale)) for v in
                            boxes[k, col].tolist())
                colour = tuple(int(c) for c in _PALETTE[k % len(_PALETTE)])
                on = gt.action_on[k, col] if 'action_on' in gt else True
                if on:
                    cv2.rectangle(tile, box[:2], box[2:], colour, 1)
                else:
                    _dashed_rectangle(tile, box, colour)
                label = int(gt.labels[k]) if gt.labels.dim() == 1 else \
                    int(torch.nonzero(gt.labels[k])[0, 0])
                name = classes[label] if classes else str(label)
                cv2.putText(tile, name, (box[0], max(box[1] - 2, 8)),
                            cv2.FONT_HERSHEY_SIMPLEX, 0.3, colour, 1)
        if t == picks[0]:
            text = str(sample.metainfo.get('video_id', ''))
            if 'gt_label' in sample:
                label = int(sample.gt_label.reshape(-1)[0])
                text += f' {classes[label] if classes else label}'
            cv2.putText(tile, text, (2, 10), cv2.FONT_HERSHEY_SIMPLEX, 0.35,
                        (255, 255, 255), 1)
        tiles.append(tile)
    return np.concatenate(tiles, axis=1)


def main():
    args = parse_args()
    cfg = Config.fromfile(args.config)
    scope = cfg.get('default_scope', 'mmaction')
    init_default_scope(scope)
    bgr = args.channel_order == 'bgr' or (args.channel_order == 'auto'
                                          and scope != 'mmaction')
    dataset = DATASETS.build(cfg[f'{args.split}_dataloader']['dataset'])
    classes = dataset.metainfo.get('classes')
    rows = [draw_sample(dataset[i], classes, args.frames, args.size, bgr)
            for i in range(min(args.num, len(dataset)))]
    width = max(r.shape[1] for r in rows)
    sheet = np.concatenate(
        [np.pad(r, ((0, 2), (0, width - r.shape[1]), (0, 0))) for r in rows])
    cv2.imwrite(args.out, cv2.cvtColor(sheet, cv2.COLOR_RGB2BGR))
    print(f'{len(rows)} samples of {len(dataset)} -> {args.out}')


if __name__ == '__main__':
    main()
