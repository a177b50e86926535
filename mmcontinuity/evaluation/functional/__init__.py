"""Evaluation protocols as plain numpy functions (no OpenMMLab imports)."""
from .ap import average_precision, mean_ap, per_class_ap, precision_recall
from .box import box_area, box_iou, box_iou_aligned, check_boxes
from .frame_map import frame_map
from .linking import (link_frame_detections, link_tubelets, stitch_tubelets,
                      tubelet_nms, viterbi_trim)
from .tube import Tubes, tube_iou, tube_iou_pairs
from .video_map import COCO_THRS, REPORTED_THRS, summarize_video_map, video_map

__all__ = [
    'average_precision', 'mean_ap', 'per_class_ap', 'precision_recall',
    'box_area', 'box_iou', 'box_iou_aligned', 'check_boxes', 'frame_map',
    'link_frame_detections', 'link_tubelets', 'stitch_tubelets',
    'tubelet_nms', 'viterbi_trim', 'Tubes', 'tube_iou', 'tube_iou_pairs',
    'COCO_THRS', 'REPORTED_THRS', 'summarize_video_map', 'video_map'
]
