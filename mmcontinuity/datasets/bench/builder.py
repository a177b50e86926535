"""The splits of the built-in continuity benchmark.

A split is a list of independent items (videos or images), each generated from
its own random stream ``default_rng([seed, crc32(split/item)])``: the output
depends only on the seed and the scale, not on the number of workers nor on
the order in which items are generated. After all items are written the split
writes its annotation files from the items' entries (in item order).
"""
import functools
import multiprocessing
import os.path as osp
import time
import zlib
from abc import ABC, abstractmethod
from dataclasses import dataclass

import numpy as np
from tqdm import tqdm

from .act_format import dump_act_gt, write_act_video
from .formats import (AVA_FPS, ava_label_map, write_ava_video,
                      write_classification_image, write_davis_sequence,
                      write_recognition_frames, write_recognition_video,
                      write_voc_image)
from .images import SEG_CLASSES, ImageConfig, render_image
from .io import write_lines
from .scene import (FAST_MOTION, SceneConfig, add_static_digits,
                    render_scene)


@dataclass(frozen=True)
class Item:
    """One unit of work: ``subset`` (e.g. 'train') and a unique ``name``."""
    subset: str
    name: str


class BenchSplit(ABC):
    """Base class: a named split with per-subset item counts at scale 1.

    Subclasses define ``name``, ``counts`` and :meth:`make_item` and
    :meth:`finish`.
    """
    name = None
    counts = {}

    def items(self, scale=1.0):
        """All items of the split at ``scale`` (at least one per subset)."""
        return [
            Item(subset, f'{subset}_{i:04d}')
            for subset, count in self.counts.items()
            for i in range(max(1, int(round(count * scale))))
        ]

    def rng(self, item, seed):
        key = zlib.crc32(f'{self.name}/{item.name}'.encode())
        return np.random.default_rng([seed, key])

    @abstractmethod
    def make_item(self, item, root, seed):
        """Generate and write one item under ``root``; return its entry."""

    @abstractmethod
    def finish(self, root, items, entries):
        """Write the annotation files of the split from all entries."""


class TubeletSplit(BenchSplit):
    """ACT-style tubelet detection split (``<name>/``).

    ``ContinuityBench-GT.pkl`` with one split, RGB frames and exact flow.
    400 training videos: a detector trained from scratch needs that many
    (40 are memorised, see configs/tuber/README.md); 100 test videos (about
    150 action tubes), so that video-mAP differs between runs by the
    training rather than by the draw of the test set.
    """
    counts = dict(train=400, test=100)
    gt_file = 'ContinuityBench-GT.pkl'

    def __init__(self, name, config):
        self.name = name
        self.config = config

    def make_item(self, item, root, seed):
        scene = render_scene(self.config, self.rng(item, seed))
        return write_act_video(scene, osp.join(root, self.name), item.name)

    def finish(self, root, items, entries):
        videos = {s: [i.name for i in items if i.subset == s]
                  for s in self.counts}
        dump_act_gt(osp.join(root, self.name, self.gt_file),
                    labels=self.config.classes,
                    entries=dict(zip([i.name for i in items], entries)),
                    train_videos=[videos['train']],
                    test_videos=[videos['test']])


class RecognitionSplit(BenchSplit):
    """Video recognition: one actor per video, the label is the video's.

    Each video twice, from the same scene: as an mp4 for mmaction2's
    VideoDataset (``<name>/videos/<class>/<item>.mp4``,
    ``<name>/<name>_{train,val}_list_videos.txt``) and, like the tubelet
    splits, as RGB frames with their exact flow for mmaction2's
    RawframeDataset (``<name>/rawframes/<item>/``,
    ``<name>/<name>_{train,val}_list_rawframes.txt`` with lines
    ``<item> <frames> <label>``): the input of RGB + flow recognizers,
    such as the pretraining of the tiny TubeR backbone.
    """
    counts = dict(train=120, val=36)

    def __init__(self, name, config):
        self.name = name
        self.config = config

    def make_item(self, item, root, seed):
        scene = render_scene(self.config, self.rng(item, seed))
        root = osp.join(root, self.name)
        rel, label = write_recognition_video(scene, root, item.name)
        return rel, label, write_recognition_frames(scene, root, item.name)

    def finish(self, root, items, entries):
        for subset in self.counts:
            entries_of = [(item, entry) for item, entry in zip(items, entries)
                          if item.subset == subset]
            prefix = osp.join(root, self.name, f'{self.name}_{subset}_list')
            write_lines(f'{prefix}_videos.txt',
                        [f'{rel} {label}' for _, (rel, label, _) in
                         entries_of])
            write_lines(f'{prefix}_rawframes.txt',
                        [f'{item.name} {num} {label}' for item, (_, label, num)
                         in entries_of])


class DavisSplit(BenchSplit):
    """DAVIS-2016 layout (``davis/``): one actor always in view, its mask,
    and 1-3 static distractor digits that look like actors but are not
    annotated, so that motion, not appearance, tells the object (the
    unsupervised moving-object setting of Chapter 5).

    ``JPEGImages/480p``, ``Annotations/480p`` and
    ``ImageSets/480p/{train,val}.txt``.
    """
    name = 'davis'
    counts = dict(train=24, val=8)
    config = SceneConfig(height=96, width=160, max_actors=1,
                         always_visible=True)
    distractors = (1, 3)

    def make_item(self, item, root, seed):
        rng = self.rng(item, seed)
        scene = render_scene(self.config, rng)
        add_static_digits(scene, self.config,
                          int(rng.integers(self.distractors[0],
                                           self.distractors[1] + 1)), rng)
        return write_davis_sequence(scene, osp.join(root, self.name),
                                    item.name)

    def finish(self, root, items, entries):
        for subset in self.counts:
            write_lines(
                osp.join(root, self.name, 'ImageSets', '480p',
                         f'{subset}.txt'),
                [line for item, lines in zip(items, entries)
                 if item.subset == subset for line in lines])


class SegmentationSplit(BenchSplit):
    """PASCAL VOC layout: ``JPEGImages``, palette ``SegmentationClass`` PNGs
    (0 background, 1 + digit) and ``ImageSets/Segmentation/*.txt``;
    ``counts`` images per subset at scale 1."""

    def __init__(self, name, config, counts=dict(train=300, val=60)):
        self.name = name
        self.config = config
        self.counts = counts

    def make_item(self, item, root, seed):
        image, class_map, _ = render_image(self.config, self.rng(item, seed))
        return write_voc_image(image, class_map, osp.join(root, self.name),
                               item.name)

    def finish(self, root, items, entries):
        for subset in self.counts:
            write_lines(
                osp.join(root, self.name, 'ImageSets', 'Segmentation',
                         f'{subset}.txt'),
                [e for item, e in zip(items, entries)
                 if item.subset == subset])
        write_lines(osp.join(root, self.name, 'classes.txt'), SEG_CLASSES)


class ClassificationSplit(BenchSplit):
    """CIFAR-style classification (``classification/``): 32x32 colour images
    of one digit on a photograph, 10 classes, in mmpretrain's CustomDataset
    layout ``{train,test,val}/<class>/<item>.png`` with
    ``meta/{train,test,val}.txt``. ``val`` is a large held-out set for
    comparing models (LiftPool): 2000 images, whose accuracy at 90 % has a
    standard error of 0.7 points (less for the difference of two models on
    the same images), so 0.5-point differences show over a few seeds.
    """
    name = 'classification'
    counts = dict(train=1000, test=200, val=2000)
    config = ImageConfig(height=32, width=32, num_digits=(1, 1),
                         digit_size=(0.65, 0.95))

    def make_item(self, item, root, seed):
        image, _, digits = render_image(self.config, self.rng(item, seed))
        label = int(digits[0])
        return write_classification_image(image, label, SEG_CLASSES[label + 1],
                                          osp.join(root, self.name),
                                          item.subset, item.name)

    def finish(self, root, items, entries):
        for subset in self.counts:
            write_lines(osp.join(root, self.name, 'meta', f'{subset}.txt'),
                        [e for item, e in zip(items, entries)
                         if item.subset == subset])
        write_lines(osp.join(root, self.name, 'classes.txt'), SEG_CLASSES[1:])


class AVASplit(BenchSplit):
    """AVA-style split (``ava/``): 12 s movies at 8 fps with up to 3 actors,
    1 Hz key frames in ``annotations/ava_{train,val}_v2.2.csv``, the label map
    ``ava_action_list_v2.2.pbtxt`` (the motion classes and ``stand_still``)
    and ``ava_{train,val}_excluded_timestamps_v2.2.csv`` (key frames without
    actors). Read with ``AVATubeletDataset(fps=8, timestamp_start=0,
    timestamp_end=12, num_classes=8)``.
    """
    name = 'ava'
    counts = dict(train=12, val=4)
    config = SceneConfig(num_frames=(12 * AVA_FPS, 12 * AVA_FPS),
                         max_actors=3)

    def make_item(self, item, root, seed):
        scene = render_scene(self.config, self.rng(item, seed))
        return write_ava_video(scene, osp.join(root, self.name), item.name)

    def finish(self, root, items, entries):
        ann = osp.join(root, self.name, 'annotations')
        for subset in self.counts:
            picked = [e for item, e in zip(items, entries)
                      if item.subset == subset]
            write_lines(osp.join(ann, f'ava_{subset}_v2.2.csv'),
                        [row for rows, _ in picked for row in rows])
            write_lines(
                osp.join(ann, f'ava_{subset}_excluded_timestamps_v2.2.csv'),
                [row for _, excluded in picked for row in excluded])
        write_lines(osp.join(ann, 'ava_action_list_v2.2.pbtxt'),
                    ava_label_map(self.config.classes))


#: every split by name, in generation order.
SPLITS = {
    split.name: split
    for split in (
        TubeletSplit('tubelets', SceneConfig()),
        TubeletSplit('tubelets_pan', SceneConfig(pan_speed=1.0)),
        RecognitionSplit('recognition',
                         SceneConfig(max_actors=1, action_len=(16, 32))),
        # short videos: the action fills about half of a 16-20 frame video
        # (a 32-48 frame one left it outside 40 % of the 16-frame clips)
        RecognitionSplit('recognition_fast',
                         SceneConfig(max_actors=1, num_frames=(16, 20),
                                     speed=FAST_MOTION['speed'],
                                     action_len=(8, 16))),
        # an actor 2.5x as large, its silhouette about 11 % of the frame
        # (`recognition`: 2.3 %), for recognizers that average over the
        # frame (the two-in-one TSN)
        RecognitionSplit('recognition_large',
                         SceneConfig(max_actors=1, action_len=(16, 32),
                                     actor_size=0.55)),
        DavisSplit(),
        # 200 validation images: mIoU differences of SegNet's up-poolings
        SegmentationSplit('segmentation', ImageConfig(),
                          dict(train=300, val=200)),
        SegmentationSplit('colorization', ImageConfig(class_colors=True)),
        ClassificationSplit(),
        AVASplit(),
    )
}


def _make_item(split_name, root, seed, item):
    return SPLITS[split_name].make_item(item, root, seed)


def generate(out, splits=tuple(SPLITS), seed=0, scale=1.0, workers=0,
             progress=True):
    """Generate ``splits`` under ``out``.

    Args:
        out (str): output folder (one sub-folder per split).
        splits (Sequence[str]): names in :data:`SPLITS`.
        seed (int): the output depends only on the seed and the scale.
        scale (float): multiplies the number of items of every subset.
        workers (int): processes; 0 generates in this process.
        progress (bool): show a tqdm progress bar per split.

    Returns:
        dict: seconds spent on each split.
    """
    unknown = [s for s in splits if s not in SPLITS]
    if unknown:
        raise KeyError(f'unknown splits {unknown}, expected some of '
                       f'{list(SPLITS)}')
    timings = {}
    pool = multiprocessing.Pool(workers) if workers > 0 else None
    try:
        for name in splits:
            start = time.perf_counter()
            split = SPLITS[name]
            items = split.items(scale)
            job = functools.partial(_make_item, name, out, seed)
            results = pool.imap(job, items) if pool else map(job, items)
            entries = list(tqdm(results, total=len(items), desc=name,
                                disable=not progress))
            split.finish(out, items, entries)
            timings[name] = time.perf_counter() - start
    finally:
        if pool:
            pool.close()
            pool.join()
    return timings
