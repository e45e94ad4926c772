"""Small shared helpers."""
from .progress import ProgressLine

__all__ = ['ProgressLine']
