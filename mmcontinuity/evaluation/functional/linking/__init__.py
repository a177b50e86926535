"""Building action tubes from frame-, tubelet- and clip-level detections.

All linkers work on a batch of independent *streams* (one stream is one
(video, class) pair) and loop over time only; every step handles all
streams and all live tubes at once. A linker returns :class:`Tubes` whose
``video`` holds the stream index and ``label`` the class given per stream.

Linkers, one module each:

* :func:`link_frame_detections` (``frame_linking``): online linking of
  Singh et al. (ICCV 2017) followed by temporal trimming
  (:func:`viterbi_trim`).
* :func:`link_tubelets` (``tubelet_linking``): ACT tubelet linking
  (Kalogeiton et al., ICCV 2017).
* :func:`stitch_tubelets` (``stitching``): TubeR (Chapter 6) tubelets of
  consecutive clips.

Shared: greedy assignment and live tubes (``assignment``), packed per-frame
tubes and their trimming (``packing``), dense per-stream inputs
(``streams``), tubelet and tube NMS (``nms``).
"""
from .assignment import LiveTubes, greedy_assign
from .frame_linking import link_frame_detections
from .nms import (check_tube_nms_settings, tube_nms, tubelet_iou_aligned,
                  tubelet_nms)
from .packing import viterbi_trim
from .stitching import stitch_tubelets
from .streams import dense_class_streams
from .tubelet_linking import link_tubelets

__all__ = [
    'LiveTubes', 'greedy_assign', 'link_frame_detections',
    'check_tube_nms_settings', 'tube_nms',
    'tubelet_iou_aligned', 'tubelet_nms', 'viterbi_trim', 'stitch_tubelets',
    'dense_class_streams', 'link_tubelets'
]
