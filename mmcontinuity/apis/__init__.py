"""High-level inference APIs, one module per system (mmaction2's
``init_recognizer`` / ``inference_recognizer`` style)."""
from .colorization import colorize, init_colorizer
from .tuber import (LOADING_STEPS, after_loading, check_video, clip_results,
                    dataset_classes, detect_tubes, flow_loading,
                    inference_settings, inference_tuber, init_tuber,
                    predict_clips, tube_records, video_clips)
from .two_in_one import inference_two_in_one, init_two_in_one

__all__ = [
    'colorize', 'init_colorizer', 'LOADING_STEPS', 'after_loading',
    'check_video', 'clip_results', 'dataset_classes', 'detect_tubes',
    'flow_loading', 'inference_settings', 'inference_tuber', 'init_tuber',
    'predict_clips', 'tube_records', 'video_clips', 'init_two_in_one',
    'inference_two_in_one'
]
