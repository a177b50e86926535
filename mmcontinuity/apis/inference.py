"""TubeR inference on a whole video: clips → tubelets → stitched tubes."""
import copy
import os.path as osp
from typing import Dict, List, Optional, Sequence, Union

import numpy as np
import torch
from mmaction.registry import MODELS, TRANSFORMS
from mmengine.config import Config
from mmengine.dataset import Compose
from mmengine.registry import init_default_scope
from mmengine.runner import load_checkpoint
from tqdm import tqdm

from ..datasets.act_dataset import clip_starts, load_act_gt
from ..evaluation.functional import stitch_tubelets
from ..models.tuber import TubeR

#: pipeline steps that sample or decode frames; the demo replaces all steps
#: up to the last of them by the frames it has decoded itself
LOADING_STEPS = ('LoadFrames', 'RawFrameDecode', 'SampleFrames',
                 'SampleAVAFrames', 'DecordInit', 'DecordDecode',
                 'OpenCVInit', 'OpenCVDecode', 'PyAVInit', 'PyAVDecode')


def init_detector(config: Union[str, Config],
                  checkpoint: Optional[str] = None,
                  device: Union[str, torch.device] = 'cpu',
                  cfg_options: Optional[dict] = None) -> TubeR:
    """Build a TubeR detector from a config and load its weights.

    The model is set to output tubelets (``test_cfg.output='tubelets'``,
    what :func:`detect_tubes` stitches) whatever its config says.

    Args:
        config (str | Config): config file or object.
        checkpoint (str, optional): checkpoint file; None keeps the
            initial weights.
        device (str | torch.device): device of the model.
        cfg_options (dict, optional): overrides merged into the config.

    Returns:
        TubeR: the model in eval mode, with its config as ``model.cfg``.
    """
    cfg = Config.fromfile(config) if isinstance(config, str) else \
        copy.deepcopy(config)
    if cfg_options:
        cfg.merge_from_dict(cfg_options)
    if 'model' not in cfg:
        raise ValueError(f'config {getattr(cfg, "filename", config)} has no '
                         '`model`')
    init_default_scope(cfg.get('default_scope', 'mmaction'))
    model = MODELS.build(cfg.model)
    if not isinstance(model, TubeR):
        raise ValueError(f'the demo needs a TubeR model, the config builds '
                         f'{type(model).__name__}')
    model.test_cfg['output'] = 'tubelets'
    if checkpoint is not None:
        load_checkpoint(model, checkpoint, map_location='cpu')
    model.cfg = cfg
    return model.to(device).eval()


def _test_dataset_cfg(cfg: Config) -> dict:
    """The dataset dict of ``test_dataloader`` (or ``val_dataloader``)."""
    for key in ('test_dataloader', 'val_dataloader'):
        if key in cfg and 'dataset' in cfg[key]:
            return cfg[key]['dataset']
    return {}


def demo_settings(cfg: Config) -> dict:
    """Clip tiling, test pipeline, linking and class names of a config.

    Clip settings come from the test dataset (``ACTTubeletDataset``
    arguments ``clip_len``, ``frame_interval``, ``clip_stride``), else from
    the pipeline's frame sampler (mmaction2's ``SampleFrames`` /
    ``SampleAVAFrames``), else ``clip_len = model.num_frames`` with a frame
    interval of 1; the pipeline is the dataset's or
    ``test_pipeline``, ``link_cfg`` from the first ``TubeletVideoMAP`` of
    ``test_evaluator`` that links with ``'tuber'``. Class names are the
    dataset's ``metainfo['classes']``, else the ``labels`` of its ACT
    ground-truth pickle (``ann_file``, joined to ``data_root`` when
    relative) when it exists, else None.

    Returns:
        dict: ``clip_len``, ``frame_interval``, ``clip_stride`` (None for
        the clip span), ``test_pipeline_cfg`` (list of dicts), ``link_cfg``
        (dict), ``ann_file`` (str, or None unless it is a readable ACT
        pickle) and ``classes`` (tuple of str or None).
    """
    dataset = _test_dataset_cfg(cfg)
    pipeline = dataset.get('pipeline', cfg.get('test_pipeline'))
    if not pipeline:
        raise ValueError('the config has no test pipeline (test_dataloader.'
                         'dataset.pipeline or test_pipeline)')
    evaluators = cfg.get('test_evaluator', [])
    if isinstance(evaluators, dict):
        evaluators = [evaluators]
    link_cfg = next((dict(e.get('link_cfg') or {}) for e in evaluators
                     if e.get('type') == 'TubeletVideoMAP'
                     and e.get('linking', 'tuber') == 'tuber'), {})
    ann_file = dataset.get('ann_file')
    if ann_file and not osp.isabs(ann_file) and dataset.get('data_root'):
        ann_file = osp.join(dataset['data_root'], ann_file)
    act_gt = None
    if ann_file and ann_file.endswith('.pkl') and osp.isfile(ann_file):
        try:
            act_gt = load_act_gt(ann_file)
        except KeyError:  # a pickle of another format
            act_gt = None
    if act_gt is None:
        ann_file = None
    classes = (dataset.get('metainfo') or {}).get('classes')
    if classes is None and act_gt is not None:
        classes = act_gt['labels']
    sampler = next((step for step in pipeline if step.get('type') in
                    ('SampleFrames', 'SampleAVAFrames')), {})
    return dict(
        clip_len=dataset.get(
            'clip_len', sampler.get('clip_len', cfg.model.get('num_frames'))),
        frame_interval=dataset.get('frame_interval',
                                   sampler.get('frame_interval', 1)),
        clip_stride=dataset.get('clip_stride'),
        test_pipeline_cfg=list(pipeline),
        link_cfg=link_cfg,
        ann_file=ann_file,
        classes=None if classes is None else tuple(classes))


def after_loading(pipeline_cfg: Sequence[dict]) -> List[dict]:
    """The steps of a test pipeline after its frame (and flow) loading.

    Args:
        pipeline_cfg (Sequence[dict]): transform configs.

    Returns:
        list[dict]: the configs after the last :data:`LOADING_STEPS` or
        ``LoadFlowFrames`` step.
    """
    types = [step.get('type') for step in pipeline_cfg]
    loading = [i for i, t in enumerate(types) if t in LOADING_STEPS]
    if not loading:
        raise ValueError(f'the test pipeline {types} has no frame loading '
                         f'step (one of {LOADING_STEPS})')
    last = max(loading + [i for i, t in enumerate(types)
                          if t == 'LoadFlowFrames'])
    return [copy.deepcopy(step) for step in pipeline_cfg[last + 1:]]


def flow_loading(pipeline_cfg: Sequence[dict]) -> Optional[dict]:
    """The ``LoadFlowFrames`` step of a test pipeline (None without one):
    the models of such a pipeline take RGB + flow clips."""
    return next((copy.deepcopy(step) for step in pipeline_cfg
                 if step.get('type') == 'LoadFlowFrames'), None)


def detect_tubes(model: TubeR,
                 frames: Sequence[np.ndarray],
                 clip_len: int,
                 test_pipeline_cfg: Sequence[dict],
                 frame_interval: int = 1,
                 clip_stride: Optional[int] = None,
                 score_thr: float = 0.3,
                 link_cfg: Optional[dict] = None,
                 batch_size: int = 8,
                 video_id: str = 'demo',
                 flows: Optional[Sequence[np.ndarray]] = None,
                 progress: bool = False) -> List[Dict]:
    """Detect action tubes in a decoded video.

    The video is tiled into clips as the test set of ``ACTTubeletDataset``
    does (``clip_len`` frames ``frame_interval`` apart, a clip every
    ``clip_stride`` frames, a last clip ending on the last frame). Each
    clip gets the results keys of ``LoadFrames`` (``imgs``, ``img_shape``,
    ``original_shape``) plus the dataset's (``video_id``, ``frame_inds``,
    ``total_frames``, ``ori_shape``, ...) and, when the pipeline loads
    flow (:func:`flow_loading`), the ``flow_imgs`` of ``LoadFlowFrames``;
    it goes through the test pipeline after its loading steps
    (:func:`after_loading`) and ``model.test_step``; the tubelets of all
    clips are stitched by :func:`stitch_tubelets` with ``link_cfg``.

    Args:
        model (TubeR): detector with ``test_cfg.output='tubelets'``.
        frames (Sequence[np.ndarray]): N RGB uint8 (H, W, 3) frames; frame
            ``i`` (0-based) is frame number ``i + 1``.
        clip_len (int): frames per clip T.
        test_pipeline_cfg (Sequence[dict]): the config's test pipeline.
        frame_interval (int): stride between the frames of a clip.
        clip_stride (int, optional): frames between clip starts; defaults
            to the clip span ``(T - 1) * frame_interval + 1``.
        score_thr (float): keep tubes whose score is ``>= score_thr``.
        link_cfg (dict, optional): arguments of :func:`stitch_tubelets`.
        batch_size (int): clips per forward pass.
        video_id (str): ``video_id`` of the clips.
        flows (Sequence[np.ndarray], optional): N quantised uint8
            (H, W, 2) flow frames (frame ``i`` from RGB frame ``i`` to
            ``i + 1``, see ``mmcontinuity.datasets.flow_io``), required
            when the pipeline loads flow and refused otherwise.
        progress (bool): show a progress bar over the clips.

    Returns:
        list[dict]: tubes by decreasing score, each with ``id`` (rank),
        ``label`` (class index), ``score`` (float), ``frames`` int64 (n,)
        1-based frame numbers and ``boxes`` float64 (n, 4) pixel xyxy.
    """
    if not isinstance(model, TubeR) or \
            model.test_cfg.get('output') != 'tubelets':
        raise ValueError('detect_tubes needs a TubeR model with '
                         "test_cfg.output='tubelets' (see init_detector)")
    num_frames = len(frames)
    if num_frames == 0:
        raise ValueError('the video has no frames')
    shapes = {np.asarray(f).shape for f in frames}
    if len(shapes) != 1 or len(next(iter(shapes))) != 3 or \
            next(iter(shapes))[2] != 3:
        raise ValueError(f'frames must be (H, W, 3) arrays of one size, got '
                         f'shapes {sorted(shapes)}')
    if clip_len < 1 or frame_interval < 1 or batch_size < 1:
        raise ValueError('clip_len, frame_interval and batch_size must be '
                         f'>= 1, got {clip_len}, {frame_interval}, '
                         f'{batch_size}')
    span = (clip_len - 1) * frame_interval + 1
    if num_frames < span:
        raise ValueError(f'the video has {num_frames} frames, fewer than one '
                         f'clip of {clip_len} frames with interval '
                         f'{frame_interval} ({span})')
    needs_flow = flow_loading(test_pipeline_cfg) is not None
    if needs_flow != (flows is not None):
        raise ValueError('the test pipeline loads optical flow: pass flows'
                         if needs_flow else 'flows given, but the test '
                         'pipeline has no LoadFlowFrames step')
    if needs_flow:
        flow_shapes = {np.asarray(f).shape for f in flows}
        if len(flows) != num_frames or \
                flow_shapes != {next(iter(shapes))[:2] + (2, )}:
            raise ValueError(f'need {num_frames} flow frames of shape '
                             f'{next(iter(shapes))[:2] + (2, )}, got '
                             f'{len(flows)} of shapes {sorted(flow_shapes)}')
    starts = clip_starts(num_frames, span, clip_stride or span,
                         cover_end=True)
    clips = starts[:, None] + np.arange(clip_len) * frame_interval
    pipeline = Compose(
        [TRANSFORMS.build(step) for step in after_loading(test_pipeline_cfg)])
    shape = next(iter(shapes))[:2]
    outputs = []
    bar = tqdm(total=len(clips), desc='clips', unit='clip',
               disable=not progress)
    for first in range(0, len(clips), batch_size):
        batch = dict(inputs=[], data_samples=[])
        for frame_inds in clips[first:first + batch_size]:
            results = dict(
                video_id=video_id, frame_inds=frame_inds,
                total_frames=num_frames, start_index=1, modality='RGB',
                imgs=[np.asarray(frames[i - 1]) for i in frame_inds],
                img_shape=shape, original_shape=shape, ori_shape=shape)
            if needs_flow:
                results['flow_imgs'] = [
                    np.asarray(flows[i - 1], np.uint8) for i in frame_inds]
            packed = pipeline(results)
            batch['inputs'].append(packed['inputs'])
            batch['data_samples'].append(packed['data_samples'])
        with torch.no_grad():
            samples = model.test_step(batch)
        for sample in samples:
            pred = sample.pred_instances
            outputs.append(
                (np.asarray(pred.metainfo['frame_inds'], dtype=np.int64),
                 pred.bboxes.cpu().numpy(), pred.switch_scores.cpu().numpy(),
                 pred.scores.cpu().numpy()))
        bar.update(len(samples))
    bar.close()
    frame_inds, boxes, switch, scores = (np.stack(x)[None]
                                         for x in zip(*outputs))
    tubes = stitch_tubelets(frame_inds, boxes, switch, scores,
                            **(link_cfg or {}))
    order = [i for i in np.argsort(-tubes.score, kind='stable')
             if tubes.score[i] >= score_thr]
    records = []
    for rank, i in enumerate(order):
        tube = tubes.tube(i)
        records.append(
            dict(id=rank, label=int(tubes.label[i]),
                 score=float(tubes.score[i]),
                 frames=tube[:, 0].astype(np.int64), boxes=tube[:, 1:]))
    return records
