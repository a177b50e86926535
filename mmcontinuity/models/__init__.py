"""Models of the thesis, one sub-package per system."""
from . import tuber  # noqa: F401
