"""Extract TubeR's long-term feature bank (Sec. 6.3.3, Eq. 6.10).

Runs the backbone(s) of a trained model over every clip that a dataloader of
the config yields, pools each feature map spatially to ``--pool-size`` and
writes per video (see ``mmcontinuity/datasets/transforms/feature_bank.py``)::

    <out_dir>/<video_id>.feats.npy      float16 (M, t, h, w, C)
    <out_dir>/<video_id>.positions.npy  float64 (M,)

The dataloader decides which clips exist (e.g. every AVA key frame, or the
clips of a tubelet dataset); ``LoadFeatureBank`` steps are dropped from its
pipeline. Run it once per split whose samples need a bank.

Example::

    python tools/misc/extract_feature_bank.py CONFIG CKPT data/ava/bank \
        --split train val
"""
import argparse
import copy
import os
import os.path as osp
from typing import Dict, List, Set, Tuple

import numpy as np
import torch
import torch.nn.functional as F
from mmengine.config import Config, DictAction
from mmengine.runner import Runner
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
        default=(1, 1),
        metavar=('H', 'W'),
        help='spatial size of the stored features')
    parser.add_argument('--device', default='cuda' if torch.cuda.is_available()
                        else 'cpu')
    parser.add_argument(
        '--cfg-options', nargs='+', action=DictAction, help='override config')
    return parser.parse_args()


def plain_loader_cfg(cfg: Config, split: str) -> dict:
    """The split's dataloader in order, without LoadFeatureBank."""
    loader = cfg.get(f'{split}_dataloader')
    if loader is None:
        raise KeyError(f'config has no {split}_dataloader')
    loader = copy.deepcopy(loader)
    loader['sampler'] = dict(type='DefaultSampler', shuffle=False)
    loader['dataset']['pipeline'] = [
        step for step in loader['dataset']['pipeline']
        if step['type'] != 'LoadFeatureBank'
    ]
    return loader


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
def extract(model, loader, out_dir: str, pool_size: Tuple[int, int],
            written: Set[str], desc: str = 'clips') -> None:
    """Run the backbone (``TubeR.backbone_feat``: both streams of a
    two-stream model) over the loader; adds the videos to ``written``."""
    pending: Dict[str, List[Tuple[float, np.ndarray]]] = {}
    for data in tqdm(loader, desc=desc, unit='batch'):
        data = model.data_preprocessor(data, False)
        feats = model.backbone_feat(data['inputs'])
        feats = F.adaptive_avg_pool3d(feats, (feats.size(2), *pool_size))
        feats = feats.permute(0, 2, 3, 4, 1).half().cpu().numpy()
        for feat, sample in zip(feats, data['data_samples']):
            video = sample.metainfo['video_id']
            if video not in pending:  # clips come grouped by video
                flush(out_dir, pending, written)
                pending[video] = []
            pending[video].append((clip_position(sample.metainfo), feat))
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
    for split in args.split:
        loader = Runner.build_dataloader(plain_loader_cfg(cfg, split))
        extract(model, loader, args.out_dir, tuple(args.pool_size), written,
                desc=split)
        print(f'{split}: done, {len(written)} videos in {args.out_dir}')


if __name__ == '__main__':
    main()
