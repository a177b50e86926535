"""Compatibility layer and helpers shared by the tools and the systems."""
from .dist import setup_cpu_distributed, teardown_distributed
from .runner import build_runner, set_work_dir

__all__ = [
    'build_runner', 'set_work_dir', 'setup_cpu_distributed',
    'teardown_distributed'
]
