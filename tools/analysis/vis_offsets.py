"""Learned offsets of an aligned convolution as flow images (Fig. 5.5).

Runs a trained aligned-3D recognizer on one test clip of CONFIG and writes a
PNG: the top row holds the clip's frames at the temporal positions of the
layer's slices, the next rows the offsets that the layer's offset generator
produced for each slice: the forward offsets Delta_{t,t+1} and the backward
offsets Delta_{t,t-1}, coloured as optical flow by mmcv's ``flow2rgb`` (hue:
direction, saturation: magnitude relative to the slice's largest; the
row's largest magnitude in pixels of the layer is printed on the left),
up-sampled to the frame size.

Example::

    python tools/analysis/vis_offsets.py CONFIG CHECKPOINT --index 0 \\
        --out offsets.png
    # CONFIG e.g. configs/aligned3d/aligned3d-p2point_r3d18-tiny_1xb8-
    # 16x1x1-300it_continuity-bench-recognition-fast.py
"""
import argparse

import cv2
import numpy as np
import torch
from mmcv.visualization import flow2rgb
from mmengine.config import Config, DictAction
from mmengine.dataset import pseudo_collate
from mmengine.registry import init_default_scope
from mmengine.runner import load_checkpoint

import mmcontinuity  # noqa: F401  (registration first)
from mmaction.registry import DATASETS, MODELS


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config', help='aligned-3D recognizer config')
    parser.add_argument('checkpoint', help='its trained weights')
    parser.add_argument('--layer', default='backbone.layer1.0.conv2.conv',
                        help='module name of the aligned convolution '
                        '(default: %(default)s, "Res2.0.conv2")')
    parser.add_argument('--index', type=int, default=0,
                        help='sample of the test set')
    parser.add_argument('--scale', type=int, default=2,
                        help='up-sampling of the frames in the picture')
    parser.add_argument('--out', default='offsets.png', help='PNG file')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction,
                        help='override settings of the config')
    return parser.parse_args()


def layer_offsets(model, sample, layer):
    """The clip's frames and the offsets of ``layer`` for it.

    Args:
        model (nn.Module): a recognizer in eval mode.
        sample (dict): one output of the test pipeline (``inputs`` of shape
            (num_clips, C, T, H, W), uint8).
        layer (str): module name of an aligned convolution of ``model``
            with an offset generator ``offsets``.

    Returns:
        tuple[np.ndarray, np.ndarray]: the first clip's frames (T, H, W, 3)
        uint8 RGB and its offsets (2, 2, T', H', W'), see
        ``mmcontinuity/models/aligned3d/offsets.py``.
    """
    recorded = []
    generator = model.get_submodule(layer).offsets
    handle = generator.register_forward_hook(
        lambda module, args, output: recorded.append(output))
    try:
        with torch.no_grad():
            model.test_step(pseudo_collate([sample]))
    finally:
        handle.remove()
    frames = sample['inputs'][0].permute(1, 2, 3, 0).numpy()
    return frames.astype(np.uint8), recorded[0][0].numpy()


def _label(image, text):
    cv2.putText(image, text, (2, 12), cv2.FONT_HERSHEY_SIMPLEX, 0.35,
                (0, 0, 0), 1, cv2.LINE_AA)
    return image


def offset_picture(frames, offsets, scale=2):
    """Frames above their forward and backward offsets, as one RGB image.

    Slice t of the layer sits at frame t * T / T' of the clip (the layers
    below stride the time axis by T / T'). Offsets are coloured by mmcv's
    ``flow2rgb`` (each slice relative to its largest magnitude).

    Args:
        frames (np.ndarray): (T, H, W, 3) uint8 RGB.
        offsets (np.ndarray): (2, 2, T', H', W') backward/forward (dy, dx).
        scale (int): up-sampling of the frames.

    Returns:
        np.ndarray: (3 H scale, T' W scale, 3) uint8 RGB.
    """
    num_frames, height, width = frames.shape[:3]
    slices = offsets.shape[2]
    size = (width * scale, height * scale)
    picked = frames[np.arange(slices) * num_frames // slices]
    rows = [np.concatenate([cv2.resize(f, size) for f in picked], 1)]
    for direction, name in ((1, 'forward'), (0, 'backward')):
        flow = offsets[direction][::-1].transpose(1, 2, 3, 0)  # (T', h, w,
        # 2) with (dx, dy) as mmcv's flow
        peak = float(np.linalg.norm(flow, axis=-1).max())
        colours = [
            cv2.resize(flow2rgb(f), size,
                       interpolation=cv2.INTER_NEAREST) for f in flow
        ]
        row = np.concatenate(colours, 1)
        rows.append(_label(np.uint8(row * 255),
                           f'{name} max {peak:.2f} px'))
    return np.concatenate(rows, 0)


def main():
    args = parse_args()
    cfg = Config.fromfile(args.config)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    init_default_scope(cfg.get('default_scope', 'mmaction'))
    model = MODELS.build(cfg.model)
    load_checkpoint(model, args.checkpoint, map_location='cpu')
    model.eval()
    dataset = DATASETS.build(cfg.test_dataloader.dataset)
    frames, offsets = layer_offsets(model, dataset[args.index], args.layer)
    picture = offset_picture(frames, offsets, args.scale)
    cv2.imwrite(args.out, picture[..., ::-1])
    print(f'{args.layer}: offsets {offsets.shape} of sample {args.index} '
          f'-> {args.out}')


if __name__ == '__main__':
    main()
