"""Video-mAP and frame-mAP of spatio-temporal action detection (mmaction)."""
from collections import defaultdict

import numpy as np
from mmaction.registry import METRICS
from mmengine.evaluator import BaseMetric
from mmengine.logging import MMLogger

from mmcontinuity.utils.annotations import load_act_gt
from ..functional import (COCO_THRS, REPORTED_THRS, Tubes, act_gt_tubes,
                          check_tube_nms_settings, dense_class_streams,
                          frame_map, link_frame_detections, link_tubelets,
                          stitch_tubelets, summarize_video_map, tube_nms,
                          video_map)
from .utils import get_field, to_numpy

LINKING = ('tuber', 'act', 'frame')


def _video_streams(records, num_steps, num_classes, top_k):
    """Per-class dense detections of one video's records (see
    :func:`dense_class_streams`); every class score of a box or tubelet is
    one detection."""
    steps, labels, scores, items = [], [], [], []
    for step, item, score in records:
        n, c = score.shape
        steps.append(np.full(n * c, step))
        labels.append(np.tile(np.arange(c), n))
        scores.append(score.reshape(-1))
        items.append(np.repeat(item, c, axis=0))
    return dense_class_streams(
        np.concatenate(steps), np.concatenate(labels),
        np.concatenate(scores), np.concatenate(items), num_steps,
        num_classes, top_k)


@METRICS.register_module()
class TubeletVideoMAP(BaseMetric):
    """Video-mAP (ACT protocol) and frame-mAP on ACT-format ground truth.

    Predictions of a video are turned into tubes according to ``linking``:

    * ``'tuber'``: TubeR clips (``pred_instances``: ``bboxes`` (N, T, 4)
      pixel xyxy, ``switch_scores`` (N, T), ``scores`` (N, C), metainfo
      ``frame_inds`` (T,)), stitched by
      :func:`~mmcontinuity.evaluation.functional.stitch_tubelets`.
    * ``'act'``: tubelets (``bboxes`` (N, K, 4), ``scores`` (N, C), metainfo
      ``frame_inds`` (K,) consecutive frames), ``top_k`` per class and start
      frame, linked by ``link_tubelets``.
    * ``'frame'``: frame detections (``bboxes`` (N, 4), ``scores`` (N, C),
      ``frame_inds`` (1,)), ``top_k`` per class and frame, linked online by
      ``link_frame_detections``.

    With ``tube_nms_thr`` set, the tubes of every video and class (of every
    video with ``tube_nms_class_agnostic``) then go through
    :func:`~mmcontinuity.evaluation.functional.tube_nms` (a tube is removed
    when its mean IoU over the frames it shares with a better tube exceeds
    the threshold). The class-agnostic mode leaves one tube per actor and
    time span, as a demo should draw it; since every class's AP counts that
    class's tubes only, it removes the detections of a lower-scoring class
    on the same actor and can only lower that class's recall.

    ``video_id`` comes from the data sample. Video-mAP is computed against
    the tubes of split ``split`` (``test_videos[split - 1]``) of
    ``ann_file``; frame-mAP (IoU ``frame_iou_thr``) uses the raw detections
    (``top_k`` per class and frame) for ``'frame'`` and the boxes of the
    built tubes (with the tube score) otherwise. Values are in percent, like
    the thesis tables.

    Args:
        ann_file (str): ACT ``*-GT.pkl``.
        split (int): 1-based split, as ``ACTTubeletDataset`` (J-HMDB has
            3; UCF101-24 and UCF-Sports 1).
        linking (str): ``'tuber'``, ``'act'`` or ``'frame'``.
        link_cfg (dict, optional): Keyword arguments of the linker.
        tube_nms_thr (float, optional): Threshold of the tube NMS after
            linking, in [0, 1]; None (default) keeps every tube.
        tube_nms_class_agnostic (bool): Tube NMS across the classes of a
            video instead of per class; needs ``tube_nms_thr``.
        iou_thrs (Sequence[float]): Video-mAP thresholds; when all of
            0.5:0.95 are present their mean is reported as well.
        frame_iou_thr (float): Frame-mAP threshold.
        ap_mode (str): ``'act'`` (trapezoid) or ``'voc'`` (all-point) AP.
        box_offset (float): 1 for inclusive-pixel box areas (ACT), 0 else.
        top_k (int): Detections kept per class and frame/step (``'act'``,
            ``'frame'``).
        chunk_videos (int): Videos linked (and thinned by the tube NMS)
            together (memory vs. speed).
    """
    default_prefix = 'tubelet'

    def __init__(self,
                 ann_file,
                 split=1,
                 linking='tuber',
                 link_cfg=None,
                 tube_nms_thr=None,
                 tube_nms_class_agnostic=False,
                 iou_thrs=REPORTED_THRS + COCO_THRS,
                 frame_iou_thr=0.5,
                 ap_mode='act',
                 box_offset=1.0,
                 top_k=10,
                 chunk_videos=16,
                 collect_device='cpu',
                 prefix=None):
        super().__init__(collect_device=collect_device, prefix=prefix)
        if linking not in LINKING:
            raise ValueError(f'linking must be one of {LINKING}, got '
                             f'{linking!r}')
        self.ann_file = ann_file
        self.split = split
        self.linking = linking
        self.link_cfg = dict(link_cfg or {})
        check_tube_nms_settings(tube_nms_thr, tube_nms_class_agnostic)
        self.tube_nms_thr = tube_nms_thr
        self.tube_nms_class_agnostic = tube_nms_class_agnostic
        self.iou_thrs = sorted(set(np.round(iou_thrs, 2).tolist()))
        self.frame_iou_thr = frame_iou_thr
        self.ap_mode = ap_mode
        self.box_offset = box_offset
        self.top_k = top_k
        self.chunk_videos = chunk_videos

    def process(self, data_batch, data_samples):
        for sample in data_samples:
            pred = get_field(sample, 'pred_instances')
            frame_inds = get_field(pred, 'frame_inds', None)
            if frame_inds is None:
                frame_inds = get_field(sample, 'frame_inds')
            record = dict(video_id=get_field(sample, 'video_id'),
                          frame_inds=to_numpy(frame_inds, np.int64),
                          bboxes=to_numpy(pred['bboxes'], np.float32),
                          scores=to_numpy(pred['scores'], np.float32))
            if self.linking == 'tuber':
                record['switch_scores'] = to_numpy(pred['switch_scores'],
                                                   np.float32)
            self.results.append(record)

    def compute_metrics(self, results):
        gt = load_act_gt(self.ann_file)
        if not 1 <= self.split <= len(gt['test_videos']):
            raise ValueError(f'split must be in 1..{len(gt["test_videos"])} '
                             f'for {self.ann_file}, got {self.split}')
        videos = list(gt['test_videos'][self.split - 1])
        num_classes = len(gt['labels'])
        index = {v: i for i, v in enumerate(videos)}
        by_video = defaultdict(list)
        for r in results:
            if r['video_id'] not in index:
                raise KeyError(f"predicted video {r['video_id']!r} is not in "
                               f'test split {self.split} of {self.ann_file}')
            by_video[index[r['video_id']]].append(r)
        missing = len(videos) - len(by_video)
        if missing:
            MMLogger.get_current_instance().warning(
                f'{missing} test videos have no predictions (all their '
                'ground truth counts as missed)')
        ids = sorted(by_video)
        chunks = [ids[i:i + self.chunk_videos]
                  for i in range(0, len(ids), self.chunk_videos)]
        build = dict(tuber=self._stitch, act=self._link_act,
                     frame=self._link_frames)[self.linking]
        det = Tubes.concat(
            self._thin(build([by_video[v] for v in chunk], np.array(chunk),
                             gt, videos, num_classes)) for chunk in chunks)
        gt_tubes = act_gt_tubes(gt['gttubes'], videos)
        res = video_map(det, gt_tubes, num_classes, self.iou_thrs,
                        self.ap_mode, self.box_offset)
        metrics = {k: 100 * v for k, v in summarize_video_map(res).items()}
        frame_det = (self._frame_detections(by_video)
                     if self.linking == 'frame' else det.frame_boxes())
        fres = frame_map(frame_det, gt_tubes.frame_boxes(), num_classes,
                         self.frame_iou_thr, self.ap_mode, self.box_offset)
        metrics[f'f-mAP@{self.frame_iou_thr:g}'] = 100 * fres['mAP']
        return metrics

    def _thin(self, tubes):
        """The tube NMS, if any, of the tubes of a chunk of videos (its
        groups never span two videos, so chunks bound the pairs it
        compares)."""
        if self.tube_nms_thr is None:
            return tubes
        return tubes.select(tube_nms(tubes, self.tube_nms_thr,
                                     self.box_offset,
                                     self.tube_nms_class_agnostic))

    def _stitch(self, per_video, video_ids, gt, videos, num_classes):
        """TubeR clips of a chunk of videos -> tubes."""
        shapes = {r['bboxes'].shape for rs in per_video for r in rs}
        if len(shapes) != 1:
            raise ValueError(f'TubeR clips must share (N, T, 4), got {shapes}')
        n, t, _ = shapes.pop()
        steps = max(len(rs) for rs in per_video)
        shape = (len(per_video), steps)
        frame_inds = np.zeros(shape + (t,), dtype=np.int64)
        boxes = np.zeros(shape + (n, t, 4))
        switch = np.zeros(shape + (n, t))
        scores = np.zeros(shape + (n, num_classes))
        clip_valid = np.zeros(shape, dtype=bool)
        for v, rs in enumerate(per_video):
            rs = sorted(rs, key=lambda r: r['frame_inds'][0])
            for s, r in enumerate(rs):
                frame_inds[v, s] = r['frame_inds']
                boxes[v, s], switch[v, s] = r['bboxes'], r['switch_scores']
                scores[v, s] = r['scores']
                clip_valid[v, s] = True
        tubes = stitch_tubelets(frame_inds, boxes, switch, scores, clip_valid,
                                **self.link_cfg)
        tubes.video = video_ids[tubes.video]
        return tubes

    def _link_act(self, per_video, video_ids, gt, videos, num_classes):
        """ACT tubelets of a chunk of videos -> tubes."""
        k = per_video[0][0]['bboxes'].shape[1]
        parts = []
        for v, rs in zip(video_ids, per_video):
            steps = gt['nframes'][videos[v]] - k + 1
            items, scores, valid = _video_streams(
                [(int(r['frame_inds'][0]) - 1, r['bboxes'], r['scores'])
                 for r in rs], steps, num_classes, self.top_k)
            tubes = link_tubelets(items, scores, np.arange(num_classes),
                                  valid, **self.link_cfg)
            tubes.video = np.full(len(tubes), v)
            parts.append(tubes)
        return Tubes.concat(parts)

    def _link_frames(self, per_video, video_ids, gt, videos, num_classes):
        """Frame detections of a chunk of videos -> tubes (videos of equal
        length are linked together)."""
        parts = []
        lengths = np.array([gt['nframes'][videos[v]] for v in video_ids])
        for length in np.unique(lengths):
            group = np.flatnonzero(lengths == length)
            dense = [_video_streams(
                [(int(r['frame_inds'][0]) - 1, r['bboxes'], r['scores'])
                 for r in per_video[g]], length, num_classes, self.top_k)
                for g in group]
            items, scores, valid = (np.concatenate(x) for x in zip(*dense))
            tubes = link_frame_detections(
                items, scores, np.tile(np.arange(num_classes), group.size),
                valid, **self.link_cfg)
            tubes.video = video_ids[group][tubes.video // num_classes]
            parts.append(tubes)
        return Tubes.concat(parts)

    def _frame_detections(self, by_video):
        """Raw frame detections as :func:`frame_map` input: the ``top_k``
        boxes of every class on every frame, scored by that class."""
        cols = dict(video=[np.zeros(0, np.int64)],
                    frame=[np.zeros(0, np.int64)],
                    label=[np.zeros(0, np.int64)], score=[np.zeros(0)],
                    bboxes=[np.zeros((0, 4))])
        for v, rs in by_video.items():
            for r in rs:
                k = min(self.top_k, len(r['scores']))
                best = np.argsort(-r['scores'], axis=0, kind='stable')[:k]
                c = r['scores'].shape[1]
                cols['video'].append(np.full(k * c, v))
                cols['frame'].append(np.full(k * c, r['frame_inds'][0]))
                cols['label'].append(np.tile(np.arange(c), k))
                cols['score'].append(np.take_along_axis(
                    r['scores'], best, 0).reshape(-1))
                cols['bboxes'].append(r['bboxes'][best.reshape(-1)])
        return {k: np.concatenate(v) for k, v in cols.items()}
