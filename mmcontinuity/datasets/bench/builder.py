"""The splits of the built-in continuity benchmark.

A split is a list of independent items (videos or images), each generated from
its own random stream ``default_rng([seed, crc32(split/item)])``: the output
depends only on the seed and the scale, not on the number of workers nor on
the order in which items are generated. After all items are written the split
writes its annotation files from the items' entries (in item order).
"""
import os.path as osp
import zlib
from dataclasses import dataclass

import numpy as np

from .act_format import dump_act_gt, write_act_video
from .scene import MOTION_CLASSES, SceneConfig, render_scene


@dataclass(frozen=True)
class Item:
    """One unit of work: ``subset`` (e.g. 'train') and a unique ``name``."""
    subset: str
    name: str


class BenchSplit:
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

    def make_item(self, item, root, seed):
        """Generate and write one item under ``root``; return its entry."""
        raise NotImplementedError

    def finish(self, root, items, entries):
        """Write the annotation files of the split from all entries."""
        raise NotImplementedError


class TubeletSplit(BenchSplit):
    """ACT-style tubelet detection split (``tubelets/``).

    ``ContinuityBench-GT.pkl`` with one split, RGB frames and exact flow.
    """
    name = 'tubelets'
    counts = dict(train=40, test=16)
    gt_file = 'ContinuityBench-GT.pkl'

    def __init__(self, config=SceneConfig()):
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


#: every split by name, in generation order.
SPLITS = {split.name: split for split in (TubeletSplit(),)}

__all__ = ['BenchSplit', 'Item', 'SPLITS', 'MOTION_CLASSES']
