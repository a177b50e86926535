"""UCF101-24, J-HMDB-21, UCF-Sports and the continuity benchmark in the
ACT/MOC ground-truth format (``*-GT.pkl``), see docs/data_flow.md."""
import os.path as osp
import pickle

import numpy as np
from mmaction.datasets import BaseActionDataset
from mmaction.registry import DATASETS

from mmcontinuity.utils.annotations import load_act_gt, video_tubes
from .bad_samples import (BadAnnotationError, BadSampleError,
                          MissingFileError, SkipBadSamplesMixin)


def clip_starts(nframes, span, stride, cover_end):
    """1-based first frames of clips of ``span`` frames every ``stride``.

    With ``cover_end`` a last clip ending on the last frame is added when the
    stride does not reach it, so that the clips tile the whole video.
    """
    starts = np.arange(1, nframes - span + 2, stride)
    if cover_end and starts[-1] != nframes - span + 1:
        starts = np.append(starts, nframes - span + 1)
    return starts


def clip_span(clip_len, frame_interval):
    """Frames spanned by a clip of ``clip_len`` frames ``frame_interval``
    apart: ``(clip_len - 1) * frame_interval + 1``."""
    return (clip_len - 1) * frame_interval + 1


def tile_clips(nframes, clip_len, frame_interval, stride, cover_end):
    """1-based frame indices (S, clip_len) of the clips of a video of
    ``nframes`` frames, one starting every ``stride`` frames (see
    :func:`clip_starts`)."""
    starts = clip_starts(nframes, clip_span(clip_len, frame_interval),
                         stride, cover_end)
    return starts[:, None] + np.arange(clip_len) * frame_interval


def _load_gt(ann_file):
    """:func:`load_act_gt` with its failures as :class:`BadSampleError`."""
    try:
        return load_act_gt(ann_file)
    except FileNotFoundError as e:
        raise MissingFileError(str(e), ann_file) from None
    except (EOFError, pickle.UnpicklingError, TypeError, ValueError,
            AttributeError, ImportError, IndexError) as e:
        raise BadAnnotationError(f'{ann_file} is not an ACT ground-truth '
                                 f'pickle (a dict): {type(e).__name__}: {e}',
                                 ann_file) from None


@DATASETS.register_module()
class ACTTubeletDataset(SkipBadSamplesMixin, BaseActionDataset):
    """Tubelet action detection data in the ACT/MOC ground-truth format.

    Reads ``*-GT.pkl`` (``labels``, ``gttubes``, ``nframes``,
    ``train_videos``, ``test_videos``, ``resolution`` and optionally
    ``actor_tracks``) with RGB frames ``<img>/<video>/<filename_tmpl>`` and,
    optionally, flow frames ``<flow>/<video>/flow_{x,y}_%05d.jpg``.

    Sample modes (the results keys are those of docs/data_flow.md, with
    ``gt_bboxes`` (K, T, 4), ``gt_valid``/``gt_action_on`` (K, T),
    ``gt_labels`` (K,) for the K actors visible in the sample):

    - ``'frame'``: one frame (T = 1) per sample, for frame-level detectors;
    - ``'clip'``: ``clip_len`` frames ``frame_interval`` apart, a clip every
      ``clip_stride`` frames; in test mode the clips tile the video (the last
      clip ends on the last frame) so that a metric can stitch them;
    - ``'video'``: all frames of a video (every ``frame_interval``-th).

    Args:
        ann_file (str): the ``*-GT.pkl`` file.
        pipeline (list[dict]): transforms.
        data_prefix (dict): ``img``, the folder of the frame folders, and
            optionally ``flow``, the folder of the flow folders (relative
            paths are joined to ``data_root``).
        split (int): 1-based split index into ``train_videos`` /
            ``test_videos`` (J-HMDB has 3, the others 1).
        mode (str): ``'frame'``, ``'clip'`` or ``'video'``.
        clip_len (int): frames per clip (``'clip'`` mode).
        frame_interval (int): temporal stride between sampled frames.
        clip_stride (int, optional): frames between the starts of two clips.
            Defaults to 1 for training and to the clip span in test mode.
        filename_tmpl (str): RGB frame file name (UCF101-24 and J-HMDB
            frames of ACT/MOC are ``'{:05d}.jpg'``).
        filter_empty (bool, optional): drop samples without any visible
            actor. Defaults to ``not test_mode``.
        pad_short (bool): a video shorter than a clip gives one clip that
            repeats its last frame (J-HMDB at 16 or 32 frames: its videos
            have 15-40); otherwise such a video is an error. Defaults to
            False.
        bbox_check (str): ``'error'`` raises on a box outside the image,
            ``'clip'`` clips it (some original annotations overflow by a
            pixel).
        test_mode (bool): use ``test_videos`` instead of ``train_videos``.
        skip_bad_samples (bool): see
            :class:`~mmcontinuity.datasets.bad_samples.SkipBadSamplesMixin`.
    """

    def __init__(self,
                 ann_file,
                 pipeline,
                 data_prefix=dict(img=''),
                 split=1,
                 mode='clip',
                 clip_len=8,
                 frame_interval=1,
                 clip_stride=None,
                 filename_tmpl='img_{:05d}.jpg',
                 filter_empty=None,
                 pad_short=False,
                 bbox_check='error',
                 test_mode=False,
                 **kwargs):
        if mode not in ('frame', 'clip', 'video'):
            raise ValueError(f"mode must be 'frame', 'clip' or 'video', "
                             f'got {mode!r}')
        if bbox_check not in ('error', 'clip'):
            raise ValueError(f"bbox_check must be 'error' or 'clip', "
                             f'got {bbox_check!r}')
        self.split = split
        self.mode = mode
        self.clip_len = clip_len if mode == 'clip' else 1
        self.frame_interval = frame_interval
        span = clip_span(self.clip_len, frame_interval)
        self.clip_stride = clip_stride or (span if test_mode else 1)
        self.filename_tmpl = filename_tmpl
        self.filter_empty = (not test_mode) if filter_empty is None \
            else filter_empty
        self.bbox_check = bbox_check
        self.pad_short = pad_short
        self.videos = {}
        super().__init__(
            ann_file,
            pipeline,
            data_prefix=data_prefix,
            test_mode=test_mode,
            start_index=1,
            **kwargs)

    def _video_list(self, gt):
        key = 'test_videos' if self.test_mode else 'train_videos'
        if not 1 <= self.split <= len(gt[key]):
            raise ValueError(f'{self.ann_file}: split {self.split} does not '
                             f'exist ({len(gt[key])} splits in {key})')
        return list(gt[key][self.split - 1])

    def _sample_frames(self, video, nframes):
        """1-based frame indices (S, T) of the samples of one video."""
        if self.mode == 'video':
            return np.arange(1, nframes + 1, self.frame_interval)[None]
        span = clip_span(self.clip_len, self.frame_interval)
        if nframes < span:
            if self.pad_short:  # one clip, the last frame repeated
                offsets = np.arange(self.clip_len) * self.frame_interval
                return np.minimum(1 + offsets, nframes)[None]
            raise BadSampleError(f'video {video} has {nframes} frames, '
                                 f'shorter than a clip of {self.clip_len} '
                                 f'frames with interval '
                                 f'{self.frame_interval} ({span}); '
                                 'pad_short=True repeats its last frame')
        return tile_clips(nframes, self.clip_len, self.frame_interval,
                          self.clip_stride,
                          cover_end=self.test_mode and self.mode == 'clip')

    def load_data_list(self):
        """One entry per sample; the dense tubes are kept per video."""
        gt = _load_gt(self.ann_file)
        self._metainfo.setdefault('classes', tuple(gt['labels']))
        img_root = self.data_prefix.get('img', '')
        flow_root = self.data_prefix.get('flow')
        for what, root in (('frame', img_root), ('flow', flow_root)):
            if root and not osp.isdir(root):
                raise MissingFileError(f'{what} root {root} not found (check '
                                       'data_root and data_prefix)', root)
        data_list = []
        for video in self._video_list(gt):
            try:
                tubes = video_tubes(gt, video, self.bbox_check)
            except ValueError as e:
                raise BadAnnotationError(f'{self.ann_file}: {e.args[0]}',
                                         self.ann_file) from None
            self.videos[video] = tubes
            frame_dir = osp.join(img_root, video)
            if not osp.isdir(frame_dir):
                raise MissingFileError(f'video {video}: frame folder '
                                       f'{frame_dir} not found', frame_dir)
            info = dict(video_id=video, frame_dir=frame_dir,
                        filename_tmpl=self.filename_tmpl,
                        total_frames=tubes.valid.shape[1],
                        img_shape=tuple(gt['resolution'][video]),
                        ori_shape=tuple(gt['resolution'][video]))
            if flow_root:
                info['flow_dir'] = osp.join(flow_root, video)
                if not osp.isdir(info['flow_dir']):
                    raise MissingFileError(f'video {video}: flow folder '
                                           f'{info["flow_dir"]} not found',
                                           info['flow_dir'])
            for frame_inds in self._sample_frames(video, info['total_frames']):
                visible = tubes.valid[:, frame_inds - 1].any()
                if self.filter_empty and not visible:
                    continue
                data_list.append(dict(info, frame_inds=frame_inds))
        if not data_list:
            raise BadAnnotationError(f'{self.ann_file}: split {self.split} '
                                     'gives no sample', self.ann_file)
        return data_list

    def get_data_info(self, idx):
        """The sample's entry with the ``gt_*`` keys of its frames."""
        info = super().get_data_info(idx)
        info.update(self.videos[info['video_id']].select(info['frame_inds']))
        return info
