"""High-level inference helpers (TubeR on whole videos)."""
from .inference import (LOADING_STEPS, after_loading, demo_settings,
                        detect_tubes, flow_loading, init_detector)

__all__ = [
    'LOADING_STEPS', 'after_loading', 'demo_settings', 'detect_tubes',
    'flow_loading', 'init_detector'
]
