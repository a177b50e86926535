"""Extract TubeR's long-term feature bank (Sec. 6.3.3, Eq. 6.10).

Runs the backbone(s) of a trained model over every clip that a dataloader of
the config yields and writes per video (see
``mmcontinuity/datasets/transforms/feature_bank.py``)::

    <out_dir>/<video_id>.feats.npy      float16 (M, T', h, w, C)
    <out_dir>/<video_id>.positions.npy  float64 (M,)

The feature map of a clip keeps its spatial layout: the backbone's
T' × H' × W' grid cropped to the unpadded frame, or average-pooled to a
fixed ``--pool-size`` h × w (needed when the videos' frames differ in
aspect ratio, since a training batch stacks the banks of several videos;
e.g. AVA's irCSN-50 maps at short side 256 are 8 × 10-15, pooled to 8 × 8).
Features are stored in float16, half the disk of float32.

Every split runs the *test* pipeline (``test_dataloader``'s, without
augmentation) on the clips of the split's dataset, so that the bank of the
training clips is deterministic and matches the features of the test clips;
``LoadFeatureBank`` steps are dropped. Run it once per split whose samples
need a bank.

Example::

    python tools/misc/extract_feature_bank.py CONFIG CKPT data/ava/bank \
        --split train val --pool-size 8 8
"""
import argparse
import copy
import math
import os
import os.path as osp
from typing import Dict, List, Optional, Sequence, Set, Tuple

import numpy as np
import torch
import torch.nn.functional as F
from mmengine.config import Config, DictAction
from mmengine.runner import Runner
from torch import Tensor
from tqdm import tqdm

import mmcontinuity  # noqa: F401  (compat layer and registration first)
from mmcontinuity.apis import init_tuber
from mmcontinuity.datasets.transforms.feature_bank import (bank_paths,
                                                           clip_position)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config', help='model config')
    parser.add_argument('checkpoint', help='trained checkpoint')
    parser.add_argument('out_dir', help='feature bank folder')
    parser.add_argument(
        '--split',
        nargs='+',
        default=['train', 'val'],
        choices=['train', 'val', 'test'],
        help='dataloaders (<split>_dataloader of the config) to run')
    parser.add_argument(
        '--pool-size',
        type=int,
        nargs=2,
        metavar=('H', 'W'),
        help='average-pool the feature maps to this fixed grid (default: '
        "the backbone's grid)")
    parser.add_argument('--device', default='cuda' if torch.cuda.is_available()
                        else 'cpu')
    parser.add_argument(
        '--cfg-options', nargs='+', action=DictAction, help='override config')
    return parser.parse_args()


def plain_loader_cfg(cfg: Config, split: str) -> dict:
    """The split's dataloader, in order, with the pipeline of the test
    dataloader (no augmentation) without LoadFeatureBank."""
    loader = cfg.get(f'{split}_dataloader')
    if loader is None:
        raise KeyError(f'config has no {split}_dataloader')
    loader = copy.deepcopy(loader)
    pipeline = cfg.test_dataloader.dataset.get('pipeline')
    if pipeline is None or 'pipeline' not in loader['dataset']:
        raise KeyError(f'{split}_dataloader.dataset and '
                       'test_dataloader.dataset need a `pipeline`')
    loader['sampler'] = dict(type='DefaultSampler', shuffle=False)
    loader['dataset']['pipeline'] = [
        step for step in copy.deepcopy(pipeline)
        if step['type'] != 'LoadFeatureBank'
    ]
    return loader


def unpadded(feat: Tensor, img_shape: Sequence[int],
             input_shape: Sequence[int]) -> Tensor:
    """The cells (C, T', h, w) of a feature map (C, T', H', W') of an input
    padded to ``input_shape`` (H, W) that see the image (``img_shape``)."""
    h, w = (math.ceil(size * cells / total) for size, cells, total in zip(
        img_shape[:2], feat.shape[-2:], input_shape))
    return feat[..., :h, :w]


def save_video(out_dir: str, video_id: str,
               clips: List[Tuple[float, np.ndarray]], merge: bool) -> None:
    """Write one video, clips sorted by position, one clip per position;
    with ``merge``, add them to the part already written by this run."""
    feats_path, pos_path = bank_paths(out_dir, video_id)
    positions = np.array([p for p, _ in clips], dtype=np.float64)
    feats = np.stack([f for _, f in clips])
    if merge:
        positions = np.concatenate([np.load(pos_path), positions])
        feats = np.concatenate([np.load(feats_path), feats])
    positions, first = np.unique(positions, return_index=True)
    os.makedirs(osp.dirname(feats_path), exist_ok=True)
    np.save(feats_path, feats[first])
    np.save(pos_path, positions)


@torch.no_grad()
def extract(model, loader, out_dir: str, pool_size: Optional[Tuple[int, int]],
            written: Set[str], desc: str = 'clips') -> None:
    """Run the backbone (``TubeR.backbone_feat``: both streams of a
    two-stream model) over the loader; adds the videos to ``written``."""
    pending: Dict[str, List[Tuple[float, np.ndarray]]] = {}
    grids: Dict[Tuple[int, ...], str] = {}
    for data in tqdm(loader, desc=desc, unit='batch'):
        data = model.data_preprocessor(data, False)
        feats = model.backbone_feat(data['inputs'])
        for feat, sample in zip(feats, data['data_samples']):
            video = sample.metainfo['video_id']
            feat = unpadded(feat, sample.metainfo['img_shape'],
                            data['inputs'].shape[-2:])
            if pool_size is not None:
                feat = F.adaptive_avg_pool3d(feat,
                                             (feat.size(1), *pool_size))
            grids.setdefault(feat.shape[1:], video)
            if len(grids) > 1:
                raise ValueError(
                    'clips of different feature grids (T, h, w): '
                    + ', '.join(f'{tuple(g)} in video {v!r}'
                                for g, v in grids.items())
                    + '; a training batch stacks the banks of several '
                    'videos: pass --pool-size H W')
            if video not in pending:  # clips come grouped by video
                flush(out_dir, pending, written)
                pending[video] = []
            pending[video].append(
                (clip_position(sample.metainfo),
                 feat.permute(1, 2, 3, 0).half().cpu().numpy()))
    flush(out_dir, pending, written)


def flush(out_dir: str, pending: dict, written: Set[str]) -> None:
    """Save and forget the pending videos."""
    for video in list(pending):
        save_video(out_dir, video, pending.pop(video), video in written)
        written.add(video)


def main():
    args = parse_args()
    model = init_tuber(args.config, args.checkpoint, args.device,
                       args.cfg_options)
    cfg = model.cfg
    written: Set[str] = set()
    pool_size = None if args.pool_size is None else tuple(args.pool_size)
    for split in args.split:
        loader_cfg = plain_loader_cfg(cfg, split)
        steps = ' -> '.join(
            step['type'] for step in loader_cfg['dataset']['pipeline'])
        print(f'{split}: the clips of {split}_dataloader through the '
              f'pipeline of test_dataloader (no augmentation): {steps}')
        loader = Runner.build_dataloader(loader_cfg)
        extract(model, loader, args.out_dir, pool_size, written, desc=split)
        print(f'{split}: done, {len(written)} videos in {args.out_dir}')


if __name__ == '__main__':
    main()
