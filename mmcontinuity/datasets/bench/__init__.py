"""The built-in continuity benchmark: scenes, writers and splits."""
from .builder import SPLITS, BenchSplit, Item
from .scene import FAST_MOTION, MOTION_CLASSES, Scene, SceneConfig, render_scene

__all__ = [
    'SPLITS', 'BenchSplit', 'Item', 'FAST_MOTION', 'MOTION_CLASSES', 'Scene',
    'SceneConfig', 'render_scene'
]
