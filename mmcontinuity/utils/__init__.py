"""Compatibility layer and helpers shared by the tools and the systems."""
from .dist import setup_cpu_distributed

__all__ = ['setup_cpu_distributed']
