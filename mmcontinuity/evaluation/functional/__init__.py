"""Evaluation protocols as plain numpy functions (no OpenMMLab imports)."""
from .ap import average_precision, mean_ap, per_class_ap, precision_recall
from .box import box_area, box_iou, box_iou_aligned, check_boxes
from .colorization import (ab_psnr, ab_rmse, class_ab_errors, class_ab_rmse,
                           confusion_matrix, mean_iou, ms_ssim,
                           ms_ssim_weights, pairwise_ms_ssim,
                           pixel_cross_entropy)
from .davis import (BOUND_TH, contour_accuracy, davis_j_and_f, mask_boundary,
                    region_similarity, sequence_statistics)
from .frame_map import frame_map
from .linking import (check_tube_nms_settings, dense_class_streams,
                      link_frame_detections, link_tubelets, stitch_tubelets,
                      tube_nms, tubelet_iou_aligned, tubelet_nms,
                      viterbi_trim)
from .robustness import (corruption_errors, flip_probability,
                         mean_corruption_error, mean_flip_rate,
                         random_shift_pair, shift_consistency, top1_error)
from .tube import (Tubes, act_gt_tubes, tube_iou, tube_iou_pairs,
                   tube_overlap_iou_pairs)
from .tubelet_errors import (ORACLE_PARTS, match_clip, oracle_records,
                             tubelet_statistics)
from .video_map import COCO_THRS, REPORTED_THRS, summarize_video_map, video_map

__all__ = [
    'average_precision', 'mean_ap', 'per_class_ap', 'precision_recall',
    'box_area', 'box_iou', 'box_iou_aligned', 'check_boxes', 'ab_psnr',
    'ab_rmse', 'class_ab_errors', 'class_ab_rmse', 'confusion_matrix',
    'mean_iou', 'ms_ssim', 'ms_ssim_weights', 'pairwise_ms_ssim',
    'pixel_cross_entropy',
    'BOUND_TH', 'contour_accuracy', 'davis_j_and_f', 'mask_boundary',
    'region_similarity', 'sequence_statistics', 'frame_map',
    'check_tube_nms_settings', 'dense_class_streams',
    'link_frame_detections', 'link_tubelets',
    'stitch_tubelets', 'tube_nms', 'tubelet_iou_aligned', 'tubelet_nms',
    'viterbi_trim', 'corruption_errors', 'flip_probability',
    'mean_corruption_error', 'mean_flip_rate', 'random_shift_pair',
    'shift_consistency', 'top1_error', 'Tubes', 'act_gt_tubes', 'tube_iou',
    'tube_iou_pairs', 'tube_overlap_iou_pairs', 'COCO_THRS', 'REPORTED_THRS',
    'summarize_video_map', 'video_map', 'ORACLE_PARTS', 'match_clip',
    'oracle_records', 'tubelet_statistics'
]
