"""Two-in-one (SSD) inference on a whole video: frames (+ flow) → frame
detections or tubelets → linked tubes, in the style of mmaction2's
``init_recognizer`` / ``inference_recognizer`` (see :mod:`.tuber`)."""
import copy
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Sequence, Union

import numpy as np
import torch
from mmaction.registry import METRICS, MODELS, TRANSFORMS
from mmengine.config import Config
from mmengine.dataset import Compose
from mmengine.registry import init_default_scope
from mmengine.runner import load_checkpoint

from ..models.two_in_one import MultiFrameSSD, SingleFrameSSD, TwoStreamSSD
from .tuber import (after_loading, check_video, clip_results, flow_loading,
                    tube_records)

#: the detectors :func:`init_two_in_one` builds
DETECTORS = (SingleFrameSSD, MultiFrameSSD, TwoStreamSSD)


def init_two_in_one(config: Union[str, Path, Config],
                    checkpoint: Optional[str] = None,
                    device: Union[str, torch.device] = 'cpu',
                    cfg_options: Optional[dict] = None):
    """Build a two-in-one-chapter detector (an RGB / flow / two-in-one
    ``SingleFrameSSD`` or ``MultiFrameSSD``, or a fused ``TwoStreamSSD``)
    from a config and load its weights.

    Args:
        config (str | Path | Config): config file or object.
        checkpoint (str, optional): checkpoint file; None keeps the
            weights of the build (a ``TwoStreamSSD`` loads its streams'
            checkpoints itself).
        device (str | torch.device): device of the model.
        cfg_options (dict, optional): overrides merged into the config.

    Returns:
        nn.Module: the model in eval mode, its config as ``model.cfg``.
    """
    if isinstance(config, (str, Path)):
        cfg = Config.fromfile(str(config))
    elif isinstance(config, Config):
        cfg = copy.deepcopy(config)
    else:
        raise TypeError('config must be a filename or Config object, got '
                        f'{type(config)}')
    if cfg_options:
        cfg.merge_from_dict(cfg_options)
    init_default_scope(cfg.get('default_scope', 'mmaction'))
    model = MODELS.build(cfg.model)
    if not isinstance(model, DETECTORS):
        raise ValueError(
            f'init_two_in_one needs one of '
            f'{[d.__name__ for d in DETECTORS]}, the config builds '
            f'{type(model).__name__}')
    if checkpoint is not None:
        load_checkpoint(model, checkpoint, map_location='cpu')
    model.cfg = cfg
    return model.to(device).eval()


def num_frames(model) -> int:
    """Frames per sample: K of a multi-frame detector, else 1."""
    return model.bbox_head.num_frames if isinstance(model, MultiFrameSSD) \
        else 1


def build_linker(cfg: Config):
    """The config's first ``TubeletVideoMAP`` test evaluator: its
    ``linking`` (``'frame'`` or ``'act'``), ``link_cfg`` and ``top_k`` turn
    the detections of a video into the tubes the metric scores."""
    evaluators = cfg.get('test_evaluator', [])
    if isinstance(evaluators, dict):
        evaluators = [evaluators]
    metric = next((e for e in evaluators
                   if e.get('type') == 'TubeletVideoMAP'), None)
    if metric is None or metric.get('linking') not in ('frame', 'act'):
        raise ValueError('the config needs a TubeletVideoMAP test evaluator '
                         "with linking='frame' or 'act'")
    return METRICS.build(dict(metric, ann_file=None))


def inference_two_in_one(model,
                         frames: Sequence[np.ndarray],
                         flows: Optional[Sequence[np.ndarray]] = None,
                         score_thr: float = 0.3,
                         batch_size: int = 8,
                         video_id: str = 'demo') -> List[Dict]:
    """Detect the action tubes of a decoded video.

    Every frame (single-frame detectors) or every K-frame clip starting at
    each frame (multi-frame) goes through the test pipeline after its
    loading steps and ``model.test_step``, ``batch_size`` at a time; the
    detections are linked as the config's ``TubeletVideoMAP`` links them
    (online frame linking or ACT's tubelet linking).

    Args:
        model: detector of :func:`init_two_in_one`.
        frames (Sequence[np.ndarray]): N RGB uint8 (H, W, 3) frames; frame
            ``i`` (0-based) is frame number ``i + 1``.
        flows (Sequence[np.ndarray], optional): N quantised uint8
            (H, W, 2) flow frames, required when the test pipeline loads
            flow (two-in-one, flow and fused models).
        score_thr (float): keep tubes whose score is ``>= score_thr``.
        batch_size (int): samples per forward pass.
        video_id (str): ``video_id`` of the samples.

    Returns:
        list[dict]: the tubes of :func:`~.tuber.tube_records`.
    """
    if batch_size < 1:
        raise ValueError(f'batch_size must be >= 1, got {batch_size}')
    cfg = model.cfg
    pipeline_cfg = cfg.test_dataloader.dataset.pipeline
    check_video(frames, flows, flow_loading(pipeline_cfg) is not None)
    k = num_frames(model)
    if len(frames) < k:
        raise ValueError(f'the video has {len(frames)} frames, fewer than '
                         f'one clip of {k}')
    starts = np.arange(1, len(frames) - k + 2)
    pipeline = Compose(
        [TRANSFORMS.build(step) for step in after_loading(pipeline_cfg)])

    def batches() -> Iterator[dict]:
        for first in range(0, len(starts), batch_size):
            packed = [
                pipeline(
                    clip_results(frames, flows, np.arange(s, s + k),
                                 video_id))
                for s in starts[first:first + batch_size]
            ]
            yield dict(inputs=[p['inputs'] for p in packed],
                       data_samples=[p['data_samples'] for p in packed])

    linker = build_linker(cfg)
    records = []
    for batch in batches():
        with torch.no_grad():
            for sample in model.test_step(batch):
                pred = sample.pred_instances
                records.append(dict(
                    video_id=video_id,
                    frame_inds=np.asarray(sample.metainfo['frame_inds']),
                    bboxes=pred.bboxes.cpu().numpy(),
                    scores=pred.scores.cpu().numpy()))
    link = dict(frame=linker._link_frames, act=linker._link_act)
    nframes = dict(nframes={video_id: len(frames)})
    tubes = link[linker.linking]([records], np.zeros(1, np.int64), nframes,
                                 [video_id], records[0]['scores'].shape[1])
    return tube_records(tubes, score_thr)
