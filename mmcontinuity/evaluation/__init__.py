"""Evaluation protocols of the thesis: plain numpy functions
(:mod:`.functional`, no OpenMMLab import) and their MMEngine metrics
(:mod:`.metrics`). See README.md in this folder for the definitions."""
from . import functional, metrics

__all__ = ['functional', 'metrics']
