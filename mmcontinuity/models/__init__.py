"""Models of the thesis, one sub-package per system."""
from . import aligned3d, colorization, tuber  # noqa: F401
