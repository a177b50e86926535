"""Drawing of model outputs (no model imports)."""
from .tubes import (GT_COLOUR, VIDEO_FORMATS, draw_tubes, tube_colour,
                    write_video)

__all__ = [
    'GT_COLOUR', 'VIDEO_FORMATS', 'draw_tubes', 'tube_colour', 'write_video'
]
