"""Models of the thesis, one sub-package per system."""
from . import aligned3d, colorization, tuber  # noqa: F401
from . import two_in_one  # noqa: F401
from . import liftpool  # noqa: F401
