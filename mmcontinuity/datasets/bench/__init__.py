"""The built-in continuity benchmark: scenes, writers and splits."""
from .builder import SPLITS, BenchSplit, Item, generate
from .scene import (FAST_MOTION, MOTION_CLASSES, Scene, SceneConfig,
                    render_scene)

__all__ = [
    'SPLITS', 'BenchSplit', 'Item', 'generate', 'FAST_MOTION',
    'MOTION_CLASSES', 'Scene', 'SceneConfig', 'render_scene'
]
