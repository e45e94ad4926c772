"""Recognizers taking more than one input stream."""
from .two_stream_fusion import TwoStreamFusionRecognizer

__all__ = ['TwoStreamFusionRecognizer']
