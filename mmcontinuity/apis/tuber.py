"""TubeR inference on a whole video: clips → tubelets → stitched tubes, in
the style of mmaction2's ``init_recognizer`` / ``inference_recognizer``."""
import copy
import os.path as osp
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Sequence, Tuple, Union

import numpy as np
import torch
from mmaction.registry import MODELS, TRANSFORMS
from mmengine.config import Config
from mmengine.dataset import Compose
from mmengine.registry import init_default_scope
from mmengine.runner import load_checkpoint
from tqdm import tqdm

from ..datasets.act_dataset import clip_span, tile_clips
from ..evaluation.functional import (check_tube_nms_settings, stitch_tubelets,
                                     tube_nms)
from ..models.tuber import TubeR
from ..utils.annotations import load_act_gt

#: pipeline steps that sample or decode frames; the inference replaces all
#: steps up to the last of them by the frames it is given
LOADING_STEPS = ('LoadFrames', 'RawFrameDecode', 'SampleFrames',
                 'SampleAVAFrames', 'DecordInit', 'DecordDecode',
                 'OpenCVInit', 'OpenCVDecode', 'PyAVInit', 'PyAVDecode',
                 'CheckedDecordInit', 'CheckedOpenCVInit')

#: tubelets of one clip: 1-based frame numbers (T,), pixel xyxy boxes
#: (N, T, 4), switch probabilities (N, T), class probabilities (N, C)
ClipTubelets = Tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def init_tuber(config: Union[str, Path, Config],
               checkpoint: Optional[str] = None,
               device: Union[str, torch.device] = 'cpu',
               cfg_options: Optional[dict] = None) -> TubeR:
    """Build a TubeR detector from a config and load its weights.

    The model is set to output tubelets (``test_cfg.output='tubelets'``,
    what :func:`inference_tuber` stitches) whatever its config says.

    Args:
        config (str | Path | Config): config file or object.
        checkpoint (str, optional): checkpoint file; None keeps the
            initial weights.
        device (str | torch.device): device of the model. Defaults to
            ``'cpu'``.
        cfg_options (dict, optional): overrides merged into the config.

    Returns:
        TubeR: the model in eval mode, with its config as ``model.cfg``.
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
    if 'model' not in cfg:
        raise ValueError(f'config {getattr(cfg, "filename", config)} has no '
                         '`model`')
    init_default_scope(cfg.get('default_scope', 'mmaction'))
    model = MODELS.build(cfg.model)
    if not isinstance(model, TubeR):
        raise ValueError(f'init_tuber needs a TubeR model, the config '
                         f'builds {type(model).__name__}')
    model.test_cfg['output'] = 'tubelets'
    if checkpoint is not None:
        load_checkpoint(model, checkpoint, map_location='cpu')
    model.cfg = cfg
    return model.to(device).eval()


def inference_tuber(model: TubeR,
                    frames: Sequence[np.ndarray],
                    flows: Optional[Sequence[np.ndarray]] = None,
                    score_thr: float = 0.3,
                    batch_size: int = 8,
                    video_id: str = 'demo',
                    progress: bool = False) -> List[Dict]:
    """Detect the action tubes of a decoded video with the clip tiling,
    test pipeline and linking of the model's config (``model.cfg``, see
    :func:`init_tuber` and :func:`inference_settings`).

    Args:
        model (TubeR): detector of :func:`init_tuber`.
        frames (Sequence[np.ndarray]): N RGB uint8 (H, W, 3) frames; frame
            ``i`` (0-based) is frame number ``i + 1``.
        flows (Sequence[np.ndarray], optional): N quantised uint8
            (H, W, 2) flow frames, for a test pipeline that loads flow.
        score_thr, batch_size, video_id, progress: see :func:`detect_tubes`.

    Returns:
        list[dict]: the tubes of :func:`detect_tubes`.
    """
    settings = inference_settings(model.cfg)
    return detect_tubes(
        model, frames, settings['clip_len'], settings['test_pipeline_cfg'],
        frame_interval=settings['frame_interval'],
        clip_stride=settings['clip_stride'], score_thr=score_thr,
        link_cfg=settings['link_cfg'],
        tube_nms_thr=settings['tube_nms_thr'],
        tube_nms_class_agnostic=settings['tube_nms_class_agnostic'],
        batch_size=batch_size, video_id=video_id, flows=flows,
        progress=progress)


def _test_dataset_cfg(cfg: Config) -> dict:
    """The dataset dict of ``test_dataloader`` (or ``val_dataloader``)."""
    for key in ('test_dataloader', 'val_dataloader'):
        if key in cfg and 'dataset' in cfg[key]:
            return cfg[key]['dataset']
    return {}


def inference_settings(cfg: Config) -> dict:
    """Clip tiling, test pipeline and linking of a config.

    Clip settings come from the test dataset (``ACTTubeletDataset``
    arguments ``clip_len``, ``frame_interval``, ``clip_stride``), else from
    the pipeline's frame sampler (mmaction2's ``SampleFrames`` /
    ``SampleAVAFrames``), else ``clip_len`` is the model's output frames
    (``model.queries.num_frames``) with a frame interval of 1; the pipeline
    is the dataset's or ``test_pipeline``, ``link_cfg``, ``tube_nms_thr``
    and ``tube_nms_class_agnostic`` from the first ``TubeletVideoMAP`` of
    ``test_evaluator`` that links with ``'tuber'``, so that the tubes of a
    video are the ones the metric scores.

    Returns:
        dict: ``clip_len``, ``frame_interval``, ``clip_stride`` (None for
        the clip span), ``test_pipeline_cfg`` (list of dicts), ``link_cfg``
        (dict), ``tube_nms_thr`` (float or None) and
        ``tube_nms_class_agnostic`` (bool).
    """
    dataset = _test_dataset_cfg(cfg)
    pipeline = dataset.get('pipeline', cfg.get('test_pipeline'))
    if not pipeline:
        raise ValueError('the config has no test pipeline (test_dataloader.'
                         'dataset.pipeline or test_pipeline)')
    evaluators = cfg.get('test_evaluator', [])
    if isinstance(evaluators, dict):
        evaluators = [evaluators]
    metric = next((e for e in evaluators
                   if e.get('type') == 'TubeletVideoMAP'
                   and e.get('linking', 'tuber') == 'tuber'), {})
    sampler = next((step for step in pipeline if step.get('type') in
                    ('SampleFrames', 'SampleAVAFrames')), {})
    num_frames = (cfg.model.get('queries') or {}).get('num_frames')
    return dict(
        clip_len=dataset.get('clip_len', sampler.get('clip_len',
                                                     num_frames)),
        frame_interval=dataset.get('frame_interval',
                                   sampler.get('frame_interval', 1)),
        clip_stride=dataset.get('clip_stride'),
        test_pipeline_cfg=list(pipeline),
        link_cfg=dict(metric.get('link_cfg') or {}),
        tube_nms_thr=metric.get('tube_nms_thr'),
        tube_nms_class_agnostic=metric.get('tube_nms_class_agnostic', False))


def dataset_classes(cfg: Config) -> Tuple[Optional[str], Optional[tuple]]:
    """The ACT ground truth and the class names of a config's test set.

    Returns:
        tuple: ``ann_file`` (the test dataset's ``ann_file``, joined to its
        ``data_root`` when relative; None unless it is a readable ACT
        pickle) and ``classes``: the dataset's ``metainfo['classes']``,
        else the ``labels`` of the ACT pickle, else None.
    """
    dataset = _test_dataset_cfg(cfg)
    ann_file = dataset.get('ann_file')
    if ann_file and not osp.isabs(ann_file) and dataset.get('data_root'):
        ann_file = osp.join(dataset['data_root'], ann_file)
    act_gt = None
    if ann_file and ann_file.endswith('.pkl') and osp.isfile(ann_file):
        try:
            act_gt = load_act_gt(ann_file)
        except KeyError:  # a pickle of another format
            act_gt = None
    classes = (dataset.get('metainfo') or {}).get('classes')
    if classes is None and act_gt is not None:
        classes = act_gt['labels']
    return (None if act_gt is None else ann_file,
            None if classes is None else tuple(classes))


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


def check_video(frames: Sequence[np.ndarray],
                flows: Optional[Sequence[np.ndarray]],
                needs_flow: bool) -> Tuple[int, int]:
    """Check the frames (and flow) of a video.

    Args:
        frames (Sequence[np.ndarray]): (H, W, 3) frames of one size.
        flows (Sequence[np.ndarray], optional): one (H, W, 2) flow frame
            per frame; required when ``needs_flow``, refused otherwise.
        needs_flow (bool): the test pipeline loads flow.

    Returns:
        tuple: the frame size (H, W).
    """
    if len(frames) == 0:
        raise ValueError('the video has no frames')
    shapes = {np.asarray(f).shape for f in frames}
    shape = next(iter(shapes))
    if len(shapes) != 1 or len(shape) != 3 or shape[2] != 3:
        raise ValueError(f'frames must be (H, W, 3) arrays of one size, got '
                         f'shapes {sorted(shapes)}')
    if needs_flow != (flows is not None):
        raise ValueError('the test pipeline loads optical flow: pass flows'
                         if needs_flow else 'flows given, but the test '
                         'pipeline has no LoadFlowFrames step')
    if needs_flow:
        flow_shapes = {np.asarray(f).shape for f in flows}
        if len(flows) != len(frames) or flow_shapes != {shape[:2] + (2, )}:
            raise ValueError(f'need {len(frames)} flow frames of shape '
                             f'{shape[:2] + (2, )}, got {len(flows)} of '
                             f'shapes {sorted(flow_shapes)}')
    return shape[:2]


def video_clips(num_frames: int, clip_len: int, frame_interval: int = 1,
                clip_stride: Optional[int] = None) -> np.ndarray:
    """Tile a video into clips as the test set of ``ACTTubeletDataset``
    does: ``clip_len`` frames ``frame_interval`` apart, a clip every
    ``clip_stride`` frames (default: the clip span), a last clip ending on
    the last frame.

    Returns:
        np.ndarray: (S, clip_len) 1-based frame numbers.
    """
    if clip_len < 1 or frame_interval < 1:
        raise ValueError('clip_len and frame_interval must be >= 1, got '
                         f'{clip_len} and {frame_interval}')
    span = clip_span(clip_len, frame_interval)
    if num_frames < span:
        raise ValueError(f'the video has {num_frames} frames, fewer than one '
                         f'clip of {clip_len} frames with interval '
                         f'{frame_interval} ({span})')
    return tile_clips(num_frames, clip_len, frame_interval,
                      clip_stride or span, cover_end=True)


def clip_results(frames: Sequence[np.ndarray],
                 flows: Optional[Sequence[np.ndarray]],
                 frame_inds: np.ndarray, video_id: str) -> dict:
    """The results of the loading steps for one clip: those of
    ``LoadFrames`` (``imgs``, ``img_shape``, ``original_shape``), the
    dataset's (``video_id``, ``frame_inds``, ``total_frames``,
    ``ori_shape``, ...) and, with ``flows``, the ``flow_imgs`` of
    ``LoadFlowFrames``."""
    shape = np.asarray(frames[0]).shape[:2]
    results = dict(
        video_id=video_id, frame_inds=frame_inds, total_frames=len(frames),
        start_index=1, modality='RGB',
        imgs=[np.asarray(frames[i - 1]) for i in frame_inds],
        img_shape=shape, original_shape=shape, ori_shape=shape)
    if flows is not None:
        results['flow_imgs'] = [np.asarray(flows[i - 1], np.uint8)
                                for i in frame_inds]
    return results


def predict_clips(model: TubeR, batches: Iterator[dict]
                  ) -> Iterator[ClipTubelets]:
    """Run ``model.test_step`` on packed batches; yields the
    :data:`ClipTubelets` of every clip."""
    for batch in batches:
        with torch.no_grad():
            samples = model.test_step(batch)
        for sample in samples:
            pred = sample.pred_instances
            yield (np.asarray(pred.metainfo['frame_inds'], dtype=np.int64),
                   pred.bboxes.cpu().numpy(),
                   pred.switch_scores.cpu().numpy(),
                   pred.scores.cpu().numpy())


def tube_records(tubes, score_thr: float) -> List[Dict]:
    """The tubes of :func:`stitch_tubelets` with a score of at least
    ``score_thr``, by decreasing score, as dicts with ``id`` (rank),
    ``label`` (class index), ``score`` (float), ``frames`` int64 (n,)
    1-based frame numbers and ``boxes`` float64 (n, 4) pixel xyxy."""
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


def detect_tubes(model: TubeR,
                 frames: Sequence[np.ndarray],
                 clip_len: int,
                 test_pipeline_cfg: Sequence[dict],
                 frame_interval: int = 1,
                 clip_stride: Optional[int] = None,
                 score_thr: float = 0.3,
                 link_cfg: Optional[dict] = None,
                 tube_nms_thr: Optional[float] = None,
                 tube_nms_class_agnostic: bool = False,
                 batch_size: int = 8,
                 video_id: str = 'demo',
                 flows: Optional[Sequence[np.ndarray]] = None,
                 progress: bool = False) -> List[Dict]:
    """Detect action tubes in a decoded video.

    The video is tiled into clips (:func:`video_clips`); each clip's
    loading results (:func:`clip_results`) go through the test pipeline
    after its loading steps (:func:`after_loading`) and, ``batch_size`` at
    a time, ``model.test_step`` (:func:`predict_clips`); the tubelets of all
    clips are stitched by :func:`stitch_tubelets` with ``link_cfg``, then
    thinned by :func:`tube_nms` when ``tube_nms_thr`` is given
    (:func:`tube_records` formats the result). The arguments are checked
    before any clip is run.

    Args:
        model (TubeR): detector with ``test_cfg.output='tubelets'``.
        frames (Sequence[np.ndarray]): N RGB uint8 (H, W, 3) frames; frame
            ``i`` (0-based) is frame number ``i + 1``.
        clip_len (int): frames per clip T.
        test_pipeline_cfg (Sequence[dict]): the config's test pipeline.
        frame_interval (int): stride between the frames of a clip.
        clip_stride (int, optional): frames between clip starts; defaults
            to the clip span (:func:`clip_span`).
        score_thr (float): keep tubes whose score is ``>= score_thr``.
        link_cfg (dict, optional): arguments of :func:`stitch_tubelets`.
        tube_nms_thr (float, optional): overlap IoU above which
            :func:`tube_nms` drops a tube of the same class with a lower
            score (duplicate tubes on one actor); None keeps every tube.
        tube_nms_class_agnostic (bool): the tube NMS drops such a tube
            whatever its class (one tube per actor and time span, e.g. no
            second class drawn on an actor); needs ``tube_nms_thr``.
        batch_size (int): clips per forward pass.
        video_id (str): ``video_id`` of the clips.
        flows (Sequence[np.ndarray], optional): N quantised uint8
            (H, W, 2) flow frames (frame ``i`` from RGB frame ``i`` to
            ``i + 1``, see ``mmcontinuity.datasets.flow_io``), required
            when the pipeline loads flow (:func:`flow_loading`) and refused
            otherwise.
        progress (bool): show a progress bar over the clips.

    Returns:
        list[dict]: the tubes of :func:`tube_records`.
    """
    if not isinstance(model, TubeR) or \
            model.test_cfg.get('output') != 'tubelets':
        raise ValueError('detect_tubes needs a TubeR model with '
                         "test_cfg.output='tubelets' (see init_tuber)")
    if batch_size < 1:
        raise ValueError(f'batch_size must be >= 1, got {batch_size}')
    check_tube_nms_settings(tube_nms_thr, tube_nms_class_agnostic)
    needs_flow = flow_loading(test_pipeline_cfg) is not None
    check_video(frames, flows, needs_flow)
    clips = video_clips(len(frames), clip_len, frame_interval, clip_stride)
    pipeline = Compose(
        [TRANSFORMS.build(step) for step in after_loading(test_pipeline_cfg)])

    def batches() -> Iterator[dict]:
        for first in range(0, len(clips), batch_size):
            packed = [
                pipeline(clip_results(frames, flows, frame_inds, video_id))
                for frame_inds in clips[first:first + batch_size]
            ]
            yield dict(inputs=[p['inputs'] for p in packed],
                       data_samples=[p['data_samples'] for p in packed])

    outputs = list(tqdm(predict_clips(model, batches()), total=len(clips),
                        desc='clips', unit='clip', disable=not progress))
    frame_inds, boxes, switch, scores = (np.stack(x)[None]
                                         for x in zip(*outputs))
    tubes = stitch_tubelets(frame_inds, boxes, switch, scores,
                            **(link_cfg or {}))
    if tube_nms_thr is not None:
        tubes = tubes.select(tube_nms(
            tubes, tube_nms_thr, class_agnostic=tube_nms_class_agnostic))
    return tube_records(tubes, score_thr)
