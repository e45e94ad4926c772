"""Recognizers taking more than one input stream."""
from .late_fusion import LateFusionRecognizer
from .two_stream_fusion import TwoStreamFusionRecognizer

__all__ = ['LateFusionRecognizer', 'TwoStreamFusionRecognizer']
